package io.tenantry.local.backend.http;

import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jwt.JWTParser;
import io.tenantry.shared.auth.TokenVerifier;
import io.tenantry.shared.problem.UnauthorizedException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JWT authorizer of the local HTTP API: what API Gateway checks before a function runs (signature against the
 * issuer's JWK set, RS256 only, {@code iss}, {@code aud}, {@code exp}, {@code nbf}), with the shared
 * {@link TokenVerifier}. A refused token is a 401 and the function is not called. An accepted one yields the claims as
 * API Gateway passes them on: every claim a string (numbers as digits, arrays as {@code [a b]}), and the scopes of
 * the {@code scope} or {@code scp} claim.
 */
public final class JwtAuthorizer {
    private static final String BEARER = "bearer ";

    private final TokenVerifier verifier;

    /** The verified claims and scopes of an accepted token. */
    public record Authorized(Map<String, String> claims, List<String> scopes) {}

    public JwtAuthorizer(String issuer, String audience, String jwksJson) {
        this.verifier = new TokenVerifier(issuer, audience, jwksJson, List.of("RS256"));
    }

    /** Checks the identity source's value (the {@code Authorization} header); a 401 when it is missing or refused. */
    public Authorized authorize(String identitySource) {
        if (identitySource == null || identitySource.isBlank()) {
            throw new UnauthorizedException("An 'Authorization: Bearer <token>' header is required.");
        }
        String token = identitySource.strip();
        if (token.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            token = token.substring(BEARER.length()).strip();
        }
        verifier.verify(token);
        Map<String, Object> raw;
        try {
            raw = ((JOSEObject) JWTParser.parse(token)).getPayload().toJSONObject();
        } catch (ParseException | ClassCastException e) {
            throw new UnauthorizedException("The token is not valid.");
        }
        Map<String, String> claims = new LinkedHashMap<>();
        raw.forEach((name, value) -> claims.put(name, text(value)));
        return new Authorized(claims, scopes(raw));
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(JwtAuthorizer::text).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(number.longValue()) : number.toString();
        }
        return String.valueOf(value);
    }

    private static List<String> scopes(Map<String, Object> raw) {
        Object scope = raw.containsKey("scope") ? raw.get("scope") : raw.get("scp");
        if (scope == null) {
            return null;
        }
        List<String> scopes = new ArrayList<>();
        if (scope instanceof List<?> list) {
            list.forEach(s -> scopes.add(String.valueOf(s)));
        } else {
            for (String s : scope.toString().split("\\s+")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        }
        return scopes;
    }
}
