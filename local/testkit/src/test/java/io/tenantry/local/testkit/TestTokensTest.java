package io.tenantry.local.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tokens as a strict verifier sees them: RS256 only, keys from the JWK set, issuer and audience checked. */
class TestTokensTest {
    private static final Map<String, Object> CLAIMS = Map.of("sub", "usr_1", "tenant_id", "t_1", "role", "owner");

    private static JWTClaimsSet verify(String token) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                JWSAlgorithm.RS256, new ImmutableJWKSet<>(JWKSet.parse(TestTokens.jwksJson()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                TestTokens.audience(),
                new JWTClaimsSet.Builder().issuer(TestTokens.issuer()).build(),
                Set.of("sub", "exp", "iat")));
        return processor.process(token, null);
    }

    @Test
    void token_isAcceptedWithItsClaimsAndDefaults() throws Exception {
        JWTClaimsSet claims = verify(TestTokens.token(CLAIMS));
        assertEquals("usr_1", claims.getSubject());
        assertEquals("t_1", claims.getStringClaim("tenant_id"));
        assertEquals("https://issuer.tenantry.test", claims.getIssuer());
        assertEquals("tenantry-test", claims.getAudience().get(0));
        assertTrue(claims.getExpirationTime().toInstant().isAfter(Instant.now().plusSeconds(3500)));
        assertEquals(
                "test-key",
                SignedJWT.parse(TestTokens.token(CLAIMS)).getHeader().getKeyID());
    }

    @Test
    void token_claimsOverrideAndNullRemoves() throws Exception {
        Map<String, Object> claims = new java.util.HashMap<>(CLAIMS);
        claims.put("exp", Instant.now().plusSeconds(120));
        claims.put("nbf", null);
        JWTClaimsSet verified = verify(TestTokens.token(claims));
        assertTrue(
                verified.getExpirationTime().toInstant().isBefore(Instant.now().plusSeconds(121)));
        assertNull(verified.getNotBeforeTime());
    }

    @Test
    void jwks_publishesOnlyThePublicKey() throws Exception {
        JWKSet set = JWKSet.parse(TestTokens.jwksJson());
        assertEquals(1, set.getKeys().size());
        assertEquals("test-key", set.getKeys().get(0).getKeyID());
        assertFalse(set.getKeys().get(0).isPrivate());
    }

    @Test
    void expired_isRejected() {
        assertRejected(TestTokens.expired(CLAIMS));
    }

    @Test
    void notYetValid_isRejected() {
        assertRejected(TestTokens.notYetValid(CLAIMS));
    }

    @Test
    void otherIssuer_isRejected() {
        assertRejected(TestTokens.withIssuer("https://evil.test", CLAIMS));
    }

    @Test
    void otherAudience_isRejected() {
        assertRejected(TestTokens.withAudience("someone-else", CLAIMS));
    }

    @Test
    void algNone_isRejected() {
        String token = TestTokens.algNone(CLAIMS);
        assertTrue(token.endsWith("."), token);
        assertRejected(token);
    }

    @Test
    void hs256SignedWithThePublicKey_isRejected() throws Exception {
        String token = TestTokens.hs256WithPublicKey(CLAIMS);
        assertEquals(JWSAlgorithm.HS256, SignedJWT.parse(token).getHeader().getAlgorithm());
        assertRejected(token);
    }

    @Test
    void unknownKid_isRejected() throws Exception {
        String token = TestTokens.unknownKid(CLAIMS);
        assertEquals("other", SignedJWT.parse(token).getHeader().getKeyID());
        assertRejected(token);
    }

    @Test
    void tampered_isRejected_butReadsAsChanged() throws Exception {
        String token = TestTokens.tampered(TestTokens.token(CLAIMS), Map.of("tenant_id", "t_2"));
        assertEquals("t_2", SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("tenant_id"));
        assertRejected(token);
        assertRejected(TestTokens.tampered(TestTokens.token(CLAIMS)));
    }

    private static void assertRejected(String token) {
        assertThrows(Exception.class, () -> verify(token), token);
    }
}
