package io.tenantry.local.backend.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tenantry.local.backend.InvocationLog;
import io.tenantry.local.backend.config.CorsPolicy;
import io.tenantry.local.backend.config.HttpApiConfig;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import io.tenantry.shared.aws.AwsOutages;
import io.tenantry.shared.http.RequestIds;
import io.tenantry.shared.problem.MethodNotAllowedException;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.problem.PayloadTooLargeException;
import io.tenantry.shared.problem.ProblemException;
import io.tenantry.shared.problem.ServiceUnavailableException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on the API port, behaving as API Gateway's HTTP API does in front of the functions: the payload limit
 * (10 MB, then 413), CORS preflight answered from the template's {@code CorsConfiguration}, route matching (404 for an
 * unknown path, 405 with {@code Allow} for a known path's missing method), the JWT authorizer on guarded routes (401,
 * function not called), the payload-2.0 event, the function's response (500 when it fails or answers nonsense), and
 * CORS headers on responses to allowed origins. Errors the gateway makes itself are problem+json, like the functions'.
 * Paths under {@code /local/}, and the API reference page's ({@link ApiReference}), are the local backend's own routes.
 */
public final class ApiGateway implements HttpHandler {
    /** API Gateway's limit on a request payload. */
    public static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ApiGateway.class);

    private final HttpApiConfig api;
    private final RouteTable routes;
    private final Function<String, LocalFunction> functions;
    private final Supplier<JwtAuthorizer> authorizer;
    private final LocalApi localApi;
    private final InvocationLog log;

    public ApiGateway(
            HttpApiConfig api,
            Function<String, LocalFunction> functions,
            Supplier<JwtAuthorizer> authorizer,
            LocalApi localApi,
            InvocationLog log) {
        this.api = api;
        this.routes = new RouteTable(api.routes());
        this.functions = functions;
        this.authorizer = authorizer;
        this.localApi = localApi;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant received = Instant.now();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> headers = Exchanges.headers(exchange);
        CorsPolicy cors = api.cors();
        if (cors != null
                && method.equals("OPTIONS")
                && headers.containsKey("origin")
                && headers.containsKey("access-control-request-method")) {
            Exchanges.send(exchange, preflight(cors, headers));
            return;
        }
        String requestId = RequestIds.of(APIGatewayV2HTTPEvent.builder()
                .withHeaders(headers)
                .withRequestContext(new APIGatewayV2HTTPEvent.RequestContext())
                .build());
        HttpReply reply;
        try {
            reply = answer(exchange, method, rawPath, headers, requestId, received);
        } catch (ProblemException e) {
            reply = HttpReply.problem(e, requestId);
        } catch (RuntimeException e) {
            if (AwsOutages.isOutage(e)) {
                // The local identity provider reads DynamoDB: under injected faults it answers as the API does.
                LOG.warn("AWS could not serve {} {}: {}", method, rawPath, e.toString());
                reply = HttpReply.problem(new ServiceUnavailableException(AwsOutages.RETRY_AFTER_SECONDS), requestId);
            } else {
                LOG.error("The local gateway failed on {} {}", method, rawPath, e);
                reply = HttpReply.internalError(requestId);
            }
        }
        if (!reply.headers().containsKey("apigw-requestid")) {
            reply.header("apigw-requestid", gatewayRequestId());
        }
        withCors(reply, headers.get("origin"));
        Exchanges.send(exchange, reply);
    }

    private HttpReply answer(
            HttpExchange exchange,
            String method,
            String rawPath,
            Map<String, String> headers,
            String requestId,
            Instant received)
            throws IOException {
        byte[] body;
        try {
            body = Exchanges.body(exchange, MAX_REQUEST_BYTES);
        } catch (Exchanges.TooLarge e) {
            return HttpReply.problem(
                            new PayloadTooLargeException(
                                    "The request body is over API Gateway's limit of " + MAX_REQUEST_BYTES + " bytes."),
                            requestId)
                    .header("Connection", "close");
        }
        GatewayRequest request = new GatewayRequest(
                method,
                rawPath,
                exchange.getRequestURI().getRawQuery(),
                headers,
                cookies(headers.get("cookie")),
                body,
                exchange.getRemoteAddress().getAddress().getHostAddress(),
                exchange.getProtocol());
        if (rawPath.equals("/local") || rawPath.startsWith("/local/") || ApiReference.owns(rawPath)) {
            long started = System.nanoTime();
            HttpReply reply = localApi.handle(request);
            if (reply == null) {
                throw new NotFoundException("No local route " + method + " " + rawPath + ".");
            }
            if (!rawPath.startsWith("/local/auth/jwks") && !rawPath.contains("/.well-known/")) {
                log.record(
                        "(local)",
                        Integer.toString(reply.status()),
                        (System.nanoTime() - started) / 1_000_000,
                        null,
                        requestId,
                        method + " " + rawPath);
            }
            return reply.header("X-Request-Id", requestId);
        }
        return switch (routes.match(method, rawPath)) {
            case RouteTable.NotFound n ->
                throw new NotFoundException("No route matches " + method + " " + rawPath + ".");
            case RouteTable.MethodNotAllowed m -> throw new MethodNotAllowedException(method, allow(m.allowed()));
            case RouteTable.Found found -> invoke(found, request, requestId, received);
        };
    }

    private HttpReply invoke(RouteTable.Found found, GatewayRequest request, String requestId, Instant received) {
        RouteTable.Route route = found.route();
        JwtAuthorizer.Authorized authorized = null;
        String guard = route.definition().authorizer();
        if (guard != null) {
            authorized = authorizer.get().authorize(request.header(api.identityHeader(guard)));
        }
        String apiRequestId = gatewayRequestId();
        ObjectNode event = ApiEvents.build(
                request, route.routeKey(), found.pathParameters(), authorized, apiRequestId, "local", received);
        LocalFunction function = functions.apply(route.functionLogicalId());
        byte[] payload = Json.bytes(event);
        if (payload.length > LocalFunction.MAX_PAYLOAD_BYTES) {
            throw new PayloadTooLargeException("The request's event is over Lambda's limit of "
                    + LocalFunction.MAX_PAYLOAD_BYTES + " bytes for a synchronous invocation.");
        }
        Invocation invocation = function.invoke(payload);
        HttpReply reply;
        if (invocation.failed()) {
            reply = HttpReply.internalError(requestId);
        } else {
            try {
                reply = ApiResponses.toReply(invocation.payload());
            } catch (ApiResponses.MalformedResponse e) {
                LOG.error("{} answered a response API Gateway cannot send: {}", function.logicalId(), e.getMessage());
                reply = HttpReply.internalError(requestId);
            }
        }
        reply.header("apigw-requestid", apiRequestId);
        String functionRequestId = reply.firstHeader("X-Request-Id");
        log.record(
                function.logicalId(),
                Integer.toString(reply.status()),
                invocation.millis(),
                authorized == null ? null : authorized.claims().get("tenant_id"),
                functionRequestId != null ? functionRequestId : requestId,
                request.method() + " " + request.rawPath()
                        + (invocation.failed() ? "  (" + invocation.errorType() + ")" : ""));
        return reply;
    }

    private static HttpReply preflight(CorsPolicy cors, Map<String, String> headers) {
        String origin = headers.get("origin");
        String requestHeaders = headers.get("access-control-request-headers");
        HttpReply reply = new HttpReply(204, null).header("apigw-requestid", gatewayRequestId());
        if (cors.allowsOrigin(origin)
                && cors.allowsMethod(headers.get("access-control-request-method"))
                && cors.allowsHeaders(requestHeaders)) {
            cors.preflightHeaders(origin, requestHeaders).forEach(reply::header);
        }
        return reply;
    }

    /**
     * API Gateway's CORS headers replace the function's: set for an allowed origin, removed otherwise. {@code Vary:
     * Origin} joins the function's {@code Vary} rather than replacing it.
     */
    private void withCors(HttpReply reply, String origin) {
        CorsPolicy cors = api.cors();
        if (cors == null) {
            return;
        }
        for (String name : List.of(
                "Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "Access-Control-Allow-Credentials")) {
            reply.removeHeader(name);
        }
        if (cors.allowsOrigin(origin)) {
            cors.responseHeaders(origin).forEach((name, value) -> {
                if (name.equalsIgnoreCase("Vary")) {
                    // Vary is no CORS header: the function's (Accept-Encoding) stays, the gateway's adds to it.
                    reply.addVary(value);
                } else {
                    reply.replaceHeader(name, value);
                }
            });
        }
    }

    private static String allow(List<String> methods) {
        List<String> allowed = new ArrayList<>(methods);
        return String.join(", ", allowed);
    }

    private static List<String> cookies(String header) {
        List<String> cookies = new ArrayList<>();
        if (header == null) {
            return cookies;
        }
        for (String cookie : header.split("[;,]")) {
            String trimmed = cookie.strip();
            if (!trimmed.isEmpty()) {
                cookies.add(trimmed);
            }
        }
        return cookies;
    }

    /** An id in the style of API Gateway's {@code requestContext.requestId}. */
    private static String gatewayRequestId() {
        byte[] bytes = new byte[10];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).substring(0, 13) + "=";
    }
}
