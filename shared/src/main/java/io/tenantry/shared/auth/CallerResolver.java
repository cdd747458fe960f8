package io.tenantry.shared.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tenantry.shared.http.Headers;
import io.tenantry.shared.problem.UnauthorizedException;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Finds the verified caller of an HTTP event. Behind API Gateway the JWT authorizer has verified the
 * token and the claims arrive in {@code requestContext.authorizer.jwt.claims}; with {@code
 * TENANTRY_JWT_VERIFY=true} the function verifies the {@code Authorization} header itself.
 */
@Singleton
public final class CallerResolver {
    private final TokenVerifier verifier;

    public CallerResolver(JwtSettings settings) {
        this.verifier = settings.verify()
                ? new TokenVerifier(settings.issuer(), settings.audience(), settings.jwks(), settings.algorithms())
                : null;
    }

    /** The caller, or a 401 when the event carries no valid token. */
    public Caller resolve(APIGatewayV2HTTPEvent event) {
        return Claims.toCaller(verifier != null ? verifiedClaims(event) : authorizerClaims(event));
    }

    private Map<String, String> verifiedClaims(APIGatewayV2HTTPEvent event) {
        String header = Headers.get(event.getHeaders(), "authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedException("An 'Authorization: Bearer <token>' header is required.");
        }
        return verifier.verify(header.substring(7).trim());
    }

    private static Map<String, String> authorizerClaims(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        var authorizer = context == null ? null : context.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        Map<String, String> claims = jwt == null ? null : jwt.getClaims();
        if (claims == null || claims.isEmpty()) {
            throw new UnauthorizedException("An 'Authorization: Bearer <token>' header is required.");
        }
        return claims;
    }
}
