package io.tenantry.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An error the runtime posted ({@code …/invocation/{id}/error}, {@code …/init/error}): its body, the JSON Lambda
 * hands to the invoker ({@code errorMessage}, {@code errorType}, {@code stackTrace}), and the
 * {@code Lambda-Runtime-Function-Error-Type} header ({@code Runtime.UserException}, {@code Runtime.BadFunctionCode}…).
 */
public record RuntimeError(String category, byte[] body) {

    static RuntimeError read(HttpExchange exchange) throws IOException {
        return new RuntimeError(
                exchange.getRequestHeaders().getFirst(RuntimeApi.ERROR_TYPE_HEADER), RuntimeApi.readBody(exchange));
    }

    /** An error made here, not by the runtime (a timeout, a runtime that exited): Lambda's shape. */
    static RuntimeError of(String errorType, String errorMessage) {
        String json = Json.MAPPER
                .createObjectNode()
                .put("errorType", errorType)
                .put("errorMessage", errorMessage)
                .toString();
        return new RuntimeError(errorType, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The body's {@code errorType}, else the header's category. */
    public String errorType() {
        JsonNode json = Json.parse(body);
        if (json != null && json.hasNonNull("errorType")) {
            return json.get("errorType").asText();
        }
        return category == null ? "Unknown" : category;
    }

    /** The body's {@code errorMessage}, else the body as text. */
    public String errorMessage() {
        JsonNode json = Json.parse(body);
        if (json != null && json.hasNonNull("errorMessage")) {
            return json.get("errorMessage").asText();
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
