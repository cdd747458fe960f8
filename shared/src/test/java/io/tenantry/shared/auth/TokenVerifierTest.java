package io.tenantry.shared.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.tenantry.shared.problem.UnauthorizedException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    static final String ISSUER = "https://issuer.test";
    static final String AUDIENCE = "tenantry";
    static RSAKey key;
    static TokenVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        verifier = new TokenVerifier(ISSUER, AUDIENCE, new JWKSet(key.toPublicJWK()).toString(), List.of("RS256"));
    }

    static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("usr_1")
                .claim("email", "ada@example.com")
                .claim("tenant_id", "ten_1")
                .claim("role", "admin")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
    }

    static String sign(JWTClaimsSet claims, RSAKey with) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    @Test
    void verify_returnsClaimsAsStrings_forAValidToken() throws Exception {
        Map<String, String> result = verifier.verify(sign(claims().build(), key));
        assertEquals("usr_1", result.get("sub"));
        assertEquals("ten_1", result.get("tenant_id"));
        assertEquals("admin", result.get("role"));
    }

    @Test
    void verify_rejects_anExpiredToken() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        String token = sign(claims().expirationTime(Date.from(past)).build(), key);
        assertThrows(UnauthorizedException.class, () -> verifier.verify(token));
    }

    @Test
    void verify_rejects_aTokenNotYetValid() throws Exception {
        Instant future = Instant.now().plusSeconds(3600);
        String token = sign(claims().notBeforeTime(Date.from(future)).build(), key);
        assertThrows(UnauthorizedException.class, () -> verifier.verify(token));
    }

    @Test
    void verify_rejects_theWrongIssuerOrAudience() throws Exception {
        String wrongIssuer = sign(claims().issuer("https://evil.test").build(), key);
        String wrongAudience = sign(claims().audience("other").build(), key);
        assertThrows(UnauthorizedException.class, () -> verifier.verify(wrongIssuer));
        assertThrows(UnauthorizedException.class, () -> verifier.verify(wrongAudience));
    }

    @Test
    void verify_rejects_algNone() {
        String token = new PlainJWT(claims().build()).serialize();
        assertThrows(UnauthorizedException.class, () -> verifier.verify(token));
    }

    @Test
    void verify_rejects_hmacSignedWithThePublicKey() throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
        jwt.sign(new MACSigner(key.toPublicKey().getEncoded()));
        assertThrows(UnauthorizedException.class, () -> verifier.verify(jwt.serialize()));
    }

    @Test
    void verify_rejects_anUnknownKeyAndATamperedPayload() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID("k2").generate();
        assertThrows(UnauthorizedException.class, () -> verifier.verify(sign(claims().build(), other)));

        String[] parts = sign(claims().build(), key).split("\\.");
        String forged = Base64URL.encode(
                        claims().claim("tenant_id", "ten_2").build().toString())
                .toString();
        assertThrows(UnauthorizedException.class, () -> verifier.verify(parts[0] + "." + forged + "." + parts[2]));
    }

    @Test
    void verify_rejects_garbage() {
        assertThrows(UnauthorizedException.class, () -> verifier.verify("not-a-token"));
        assertThrows(UnauthorizedException.class, () -> verifier.verify(""));
    }
}
