package io.tenantry.local.testkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds HTTP API (payload 2.0) events the way API Gateway delivers them: lower-case header names,
 * the route key, and the verified token's claims under {@code requestContext.authorizer.jwt}.
 */
public final class ApiEvent {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private Map<String, String> claims;
    private String body;
    private boolean base64;
    private String routeKey;

    private ApiEvent(String method, String path) {
        this.method = method;
        this.path = path;
        this.routeKey = method + " " + path;
    }

    public static ApiEvent of(String method, String path) {
        return new ApiEvent(method, path);
    }

    /** The claims API Gateway's JWT authorizer would pass on for a verified token; null for none. */
    public ApiEvent claims(Map<String, String> claims) {
        this.claims = claims == null ? null : new LinkedHashMap<>(claims);
        return this;
    }

    /** The claims set so far (a copy), or an empty map. */
    public Map<String, String> claimsView() {
        return claims == null ? Map.of() : Map.copyOf(claims);
    }

    /**
     * Claims of a user of the test issuer ({@link TestTokens#issuer()}) signed in to a tenant with a
     * role, email verified. The role claim is a hint: the stored membership decides.
     */
    public ApiEvent member(String sub, String email, String tenantId, String role) {
        return claims(Map.of(
                "iss", TestTokens.issuer(),
                "sub", sub,
                "email", email,
                "email_verified", "true",
                "tenant_id", tenantId,
                "role", role));
    }

    /** Claims of a user of the test issuer signed in without a tenant, email verified. */
    public ApiEvent user(String sub, String email) {
        return claims(Map.of("iss", TestTokens.issuer(), "sub", sub, "email", email, "email_verified", "true"));
    }

    public ApiEvent header(String name, String value) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return this;
    }

    public ApiEvent bearer(String token) {
        return header("authorization", "Bearer " + token);
    }

    /** A JSON body, with its content type. */
    public ApiEvent json(String json) {
        headers.putIfAbsent("content-type", "application/json");
        this.body = json;
        return this;
    }

    /** A body of any type, base64-encoded as API Gateway sends binary bodies. */
    public ApiEvent binary(String contentType, byte[] bytes) {
        headers.put("content-type", contentType);
        this.body = Base64.getEncoder().encodeToString(bytes);
        this.base64 = true;
        return this;
    }

    public ApiEvent pathParameter(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    public ApiEvent query(String name, String value) {
        query.put(name, value);
        return this;
    }

    /** The route key when the path holds parameters, e.g. {@code GET /v1/projects/{projectId}}. */
    public ApiEvent route(String routeKey) {
        this.routeKey = routeKey;
        return this;
    }

    public APIGatewayV2HTTPEvent build() {
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method)
                .withPath(path)
                .withProtocol("HTTP/1.1")
                .withSourceIp("127.0.0.1")
                .withUserAgent("tenantry-tests")
                .build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName("localhost")
                .withStage("$default")
                .withRouteKey(routeKey)
                .withRequestId(UUID.randomUUID().toString())
                .withTimeEpoch(Instant.now().toEpochMilli())
                .withHttp(http);
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                            .builder()
                            .withClaims(claims)
                            .withScopes(List.of())
                            .build())
                    .build());
        }
        String rawQuery = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .reduce((a, b) -> a + "&" + b)
                .orElse("");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context.build())
                .withBody(body)
                .withIsBase64Encoded(base64)
                .build();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
