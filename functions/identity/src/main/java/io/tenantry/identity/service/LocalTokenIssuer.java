package io.tenantry.identity.service;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * The identity provider of local runs (never deployed): signs tokens with a key made when it starts,
 * publishes the public key as a JWK set, and resolves tenant claims with {@link ClaimsService}, the
 * code the cloud's pre-token-generation trigger runs.
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

    /** A signed token for the user of {@code email}, for {@code tenantId} or its only membership. */
    public String issue(String email, Optional<String> tenantId) {
        TokenClaims resolved = claims.resolve(email, tenantId);
        Instant now = clock.instant();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(resolved.userId())
                .claim("email", resolved.email())
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
