package io.tenantry.local.backend.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tenantry.identity.model.TokenClaims;
import io.tenantry.identity.service.ClaimsService;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Claims;
import io.tenantry.shared.auth.EmailAddresses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The token issuer of the local identity provider (never deployed, so it lives in local/, not in the identity
 * function's jar): signs tokens with a key made when it starts, publishes the public key as a JWK set, and resolves
 * tenant claims with {@link ClaimsService}, the code the cloud's pre-token-generation trigger runs.
 */
public final class LocalTokenIssuer {
    public static final Duration LIFETIME = Duration.ofHours(1);

    private final ClaimsService claims;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final RSAKey key;

    public LocalTokenIssuer(ClaimsService claims, String issuer, String audience, Clock clock) {
        this.claims = claims;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not make a signing key", e);
        }
    }

    /**
     * A signed token for the identity {@code subject} (by default one derived stably from the
     * address) with {@code email}, verified or not, for {@code tenantId} or its only membership.
     */
    public String issue(String email, boolean emailVerified, Optional<String> subject, Optional<String> tenantId) {
        String normalized = EmailAddresses.normalize(email);
        String sub = subject.orElseGet(() -> subjectOf(normalized));
        Caller caller =
                new Caller(issuer, sub, Optional.of(normalized), emailVerified, Optional.empty(), Optional.empty());
        TokenClaims resolved = claims.resolve(caller, tenantId);
        Instant now = clock.instant();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(sub)
                .claim(Claims.EMAIL, normalized)
                .claim(Claims.EMAIL_VERIFIED, emailVerified)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)));
        resolved.tenantClaims().forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                builder.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a token", e);
        }
        return jwt.serialize();
    }

    /** The subject the local identity provider gives an address when none is asked for: stable, opaque. */
    public static String subjectOf(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(EmailAddresses.normalize(email).getBytes(StandardCharsets.UTF_8));
            return "local-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The public signing key as a JWK set, as served at {@code /local/auth/jwks.json}. */
    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }
}
