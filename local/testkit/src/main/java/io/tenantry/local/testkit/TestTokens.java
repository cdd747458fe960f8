package io.tenantry.local.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * JWTs for tests: one RSA 2048 key (kid {@value #KEY_ID}) per JVM, published by {@link #jwksJson()}, and tokens
 * signed with it, plus the forgeries a verifier must refuse. Claims default to {@link #issuer()},
 * {@link #audience()}, iat = nbf = now and exp = now + 1 h; a given claim overrides its default, and a null value
 * removes it. Dates may be given as {@link Instant}, {@link Date} or epoch seconds.
 */
public final class TestTokens {
    public static final String KEY_ID = "test-key";
    private static final String ISSUER = "https://issuer.tenantry.test";
    private static final String AUDIENCE = "tenantry-test";
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Duration SKEW_BEYOND_TOLERANCE = Duration.ofMinutes(10);
    private static final RSAKey KEY = generate(KEY_ID);
    private static final RSAKey OTHER_KEY = generate("other");

    private TestTokens() {}

    public static String issuer() {
        return ISSUER;
    }

    public static String audience() {
        return AUDIENCE;
    }

    /** The public JWK set ({@code {"keys":[…]}}) a verifier under test should trust. */
    public static String jwksJson() {
        return new JWKSet(KEY.toPublicJWK()).toString();
    }

    /** The public key, for verifiers configured with a key rather than a JWK set. */
    public static RSAKey publicJwk() {
        return KEY.toPublicJWK();
    }

    /** A valid RS256 token with the default claims only. */
    public static String token() {
        return token(Map.of());
    }

    /** A valid RS256 token with these claims over the defaults. */
    public static String token(Map<String, Object> claims) {
        return signRs256(KEY, claims(claims, Instant.now()));
    }

    /** Expired ten minutes ago (beyond any usual clock-skew tolerance). */
    public static String expired(Map<String, Object> claims) {
        Instant now = Instant.now();
        Instant exp = now.minus(SKEW_BEYOND_TOLERANCE);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("iat", exp.minus(LIFETIME));
        defaults.put("nbf", exp.minus(LIFETIME));
        defaults.put("exp", exp);
        return signRs256(KEY, claims(merge(defaults, claims), now));
    }

    /** Valid only from ten minutes from now. */
    public static String notYetValid(Map<String, Object> claims) {
        Instant nbf = Instant.now().plus(SKEW_BEYOND_TOLERANCE);
        return signRs256(KEY, claims(merge(Map.of("nbf", nbf, "exp", nbf.plus(LIFETIME)), claims), Instant.now()));
    }

    /** Signed correctly, but by another issuer. */
    public static String withIssuer(String issuer, Map<String, Object> claims) {
        return token(merge(claims, Map.of("iss", issuer)));
    }

    /** Signed correctly, but for another audience. */
    public static String withAudience(String audience, Map<String, Object> claims) {
        return token(merge(claims, Map.of("aud", audience)));
    }

    /** Unsigned: header {@code {"alg":"none"}}, empty signature. */
    public static String algNone(Map<String, Object> claims) {
        return new PlainJWT(claims(claims, Instant.now())).serialize();
    }

    /** The HS/RS confusion attack: HS256 with the RSA public key's encoded bytes as the HMAC secret, kid of the real key. */
    public static String hs256WithPublicKey(Map<String, Object> claims) {
        try {
            SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.HS256, KEY_ID), claims(claims, Instant.now()));
            jwt.sign(new MACSigner(KEY.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with HS256", e);
        }
    }

    /** Signed by a key the JWK set does not hold (kid {@code other}). */
    public static String unknownKid(Map<String, Object> claims) {
        return signRs256(OTHER_KEY, claims(claims, Instant.now()));
    }

    /**
     * Every kind of bad token a verifier must refuse, by name, each made from the claims it is given: expired, not
     * yet valid, unsigned, HS256 signed with the RSA public key, an unknown key id, another issuer or audience, a
     * payload changed after signing, and no JWT at all.
     */
    public static Map<String, Function<Map<String, Object>, String>> attacks() {
        Map<String, Function<Map<String, Object>, String>> attacks = new LinkedHashMap<>();
        attacks.put("expired", TestTokens::expired);
        attacks.put("not yet valid", TestTokens::notYetValid);
        attacks.put("alg none", TestTokens::algNone);
        attacks.put("HS256 signed with the RSA public key", TestTokens::hs256WithPublicKey);
        attacks.put("unknown kid", TestTokens::unknownKid);
        attacks.put("wrong issuer", c -> withIssuer("https://evil.example", c));
        attacks.put("wrong audience", c -> withAudience("someone-else", c));
        attacks.put("tampered payload", c -> tampered(token(c), Map.of("role", "owner", "tenant_id", "ten_other")));
        attacks.put("not a JWT", c -> "garbage");
        return attacks;
    }

    /** The token with its payload's {@code sub} changed to {@code attacker}; header and signature kept. */
    public static String tampered(String token) {
        return tampered(token, Map.of("sub", "attacker"));
    }

    /** The token with these claims changed in its payload; header and signature kept. */
    public static String tampered(String token, Map<String, Object> changes) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a compact JWS: " + token);
        }
        try {
            Map<String, Object> payload = JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString());
            payload.putAll(changes);
            String changed = Base64URL.encode(
                            JSONObjectUtils.toJSONString(payload).getBytes(StandardCharsets.UTF_8))
                    .toString();
            return parts[0] + "." + changed + "." + parts[2];
        } catch (ParseException e) {
            throw new IllegalArgumentException("Cannot read the payload of " + token, e);
        }
    }

    private static JWTClaimsSet claims(Map<String, Object> overrides, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now.plus(LIFETIME));
        overrides.forEach((name, value) -> {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
        });
        claims.replaceAll((name, value) -> epochSecondsIfDate(value));
        try {
            return JWTClaimsSet.parse(claims);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Invalid claims " + overrides, e);
        }
    }

    private static Object epochSecondsIfDate(Object value) {
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof Date date) {
            return date.toInstant().getEpochSecond();
        }
        return value;
    }

    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        merged.putAll(overrides);
        return merged;
    }

    private static String signRs256(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.RS256, key.getKeyID()), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with RS256", e);
        }
    }

    private static JWSHeader header(JWSAlgorithm algorithm, String keyId) {
        return new JWSHeader.Builder(algorithm)
                .keyID(keyId)
                .type(JOSEObjectType.JWT)
                .build();
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA key", e);
        }
    }
}
