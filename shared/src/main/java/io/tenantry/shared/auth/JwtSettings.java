package io.tenantry.shared.auth;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;

/**
 * How a function checks tokens itself, for runs with no API Gateway authorizer in front. Read from
 * the environment: {@code TENANTRY_JWT_VERIFY} ({@code true} to verify), {@code TENANTRY_JWT_ISSUER},
 * {@code TENANTRY_JWT_AUDIENCE}, {@code TENANTRY_JWT_JWKS} (a JWKS URL, or the JWK set itself as
 * JSON) and {@code TENANTRY_JWT_ALGORITHMS} (the allow-list, default {@code RS256,ES256}).
 */
@Singleton
public final class JwtSettings {
    private final boolean verify;
    private final String issuer;
    private final String audience;
    private final String jwks;
    private final List<String> algorithms;

    public JwtSettings(
            @Value("${tenantry.jwt.verify:false}") boolean verify,
            @Value("${tenantry.jwt.issuer:}") String issuer,
            @Value("${tenantry.jwt.audience:}") String audience,
            @Value("${tenantry.jwt.jwks:}") String jwks,
            @Value("${tenantry.jwt.algorithms:RS256,ES256}") String algorithms) {
        this.verify = verify;
        this.issuer = issuer;
        this.audience = audience;
        this.jwks = jwks;
        this.algorithms = Arrays.stream(algorithms.split(","))
                .map(String::trim)
                .filter(a -> !a.isEmpty())
                .toList();
    }

    public boolean verify() {
        return verify;
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public String jwks() {
        return jwks;
    }

    public List<String> algorithms() {
        return algorithms;
    }
}
