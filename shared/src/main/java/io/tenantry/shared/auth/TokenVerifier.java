package io.tenantry.shared.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.tenantry.shared.problem.UnauthorizedException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies a JWT as API Gateway's JWT authorizer does: signature against the issuer's JWK set with an
 * algorithm allow-list (so {@code alg: none} and HS/RS confusion fail), {@code iss}, {@code aud},
 * {@code exp} and {@code nbf} (60 s of clock skew). Any failure is a 401.
 */
public final class TokenVerifier {
    private final ConfigurableJWTProcessor<SecurityContext> processor;

    public TokenVerifier(String issuer, String audience, String jwks, List<String> algorithms) {
        if (issuer.isBlank() || audience.isBlank() || jwks.isBlank()) {
            throw new IllegalStateException(
                    "Token verification needs TENANTRY_JWT_ISSUER, TENANTRY_JWT_AUDIENCE and TENANTRY_JWT_JWKS.");
        }
        Set<JWSAlgorithm> allowed = algorithms.stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(allowed, keySource(jwks)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of(Claims.SUBJECT, "exp")));
    }

    /** The token's claims as strings (the shape API Gateway hands to functions), or a 401. */
    public Map<String, String> verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Map<String, String> result = new LinkedHashMap<>();
            claims.getClaims().forEach((name, value) -> result.put(name, stringify(value)));
            return result;
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new UnauthorizedException("The token is not valid.");
        }
    }

    private static String stringify(Object value) {
        if (value instanceof java.util.Date date) {
            return Long.toString(date.getTime() / 1000);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
        }
        return String.valueOf(value);
    }

    private static JWKSource<SecurityContext> keySource(String jwks) {
        String trimmed = jwks.trim();
        try {
            if (trimmed.startsWith("{")) {
                return new ImmutableJWKSet<>(JWKSet.parse(trimmed));
            }
            return JWKSourceBuilder.create(URI.create(trimmed).toURL())
                    .retrying(true)
                    .build();
        } catch (ParseException | MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("TENANTRY_JWT_JWKS is neither a JWK set nor a URL.", e);
        }
    }
}
