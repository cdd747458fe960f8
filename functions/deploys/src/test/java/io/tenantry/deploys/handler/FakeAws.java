package io.tenantry.deploys.handler;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tenantry.local.emulators.LambdaSerialization;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lambda's Invoke API and CodeDeploy's hook status on loopback: each function version ARN runs a real handler in
 * this JVM, as Lambda would run the new version, and every hook status CodeDeploy would receive is kept. Requests
 * must be SigV4-signed, as AWS requires.
 */
final class FakeAws implements AutoCloseable {
    private final Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> versions =
            new ConcurrentHashMap<>();

    private final List<String> crashing = new CopyOnWriteArrayList<>();
    /** When set, CodeDeploy answers every hook status with a 500. */
    volatile boolean codeDeployDown;

    final List<String> hookStatuses = new CopyOnWriteArrayList<>();
    final List<String> invoked = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.createContext("/", this::codeDeploy);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void version(String arn, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        versions.put(arn, handler);
    }

    /** Makes {@code arn}'s invocations fail (until {@link #reset}) as a crashed or timed-out version's do. */
    void crashingVersion(String arn) {
        crashing.add(arn);
    }

    void reset() {
        crashing.clear();
        codeDeployDown = false;
        hookStatuses.clear();
        invoked.clear();
    }

    private void invoke(HttpExchange exchange) throws IOException {
        if (!signed(exchange)) {
            return;
        }
        String raw = exchange.getRequestURI().getRawPath();
        String arn = URLDecoder.decode(
                raw.substring("/2015-03-31/functions/".length(), raw.length() - "/invocations".length()),
                StandardCharsets.UTF_8);
        invoked.add(arn);
        byte[] payload = exchange.getRequestBody().readAllBytes();
        if (crashing.contains(arn)) {
            exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            respond(exchange, 200, "{\"errorMessage\":\"Task timed out after 15.00 seconds\"}");
            return;
        }
        var handler = versions.get(arn);
        if (handler == null) {
            respond(exchange, 404, "{\"Type\":\"User\",\"message\":\"Function not found: " + arn + "\"}");
            return;
        }
        APIGatewayV2HTTPEvent event =
                LambdaSerialization.serializer(APIGatewayV2HTTPEvent.class).fromJson(new ByteArrayInputStream(payload));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaSerialization.serializer(APIGatewayV2HTTPResponse.class).toJson(response, out);
        respond(exchange, 200, out.toString(StandardCharsets.UTF_8));
    }

    private void codeDeploy(HttpExchange exchange) throws IOException {
        if (!signed(exchange)) {
            return;
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!"CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus".equals(target)) {
            respond(exchange, 400, "{\"__type\":\"UnknownOperationException\"}");
            return;
        }
        if (codeDeployDown) {
            respond(exchange, 500, "{\"__type\":\"InternalFailure\"}");
            return;
        }
        hookStatuses.add(body);
        respond(exchange, 200, "{\"lifecycleEventHookExecutionId\":\"x\"}");
    }

    private static boolean signed(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=test-key/")) {
            respond(exchange, 403, "{\"message\":\"Missing Authentication Token\"}");
            return false;
        }
        return true;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
