package io.tenantry.local.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A function error as Lambda reports it, whichever path ran the function: {@code body} is the JSON handed to the
 * invoker ({@code errorMessage}, {@code errorType}, {@code stackTrace}); {@code category} is what the runtime
 * interface client posts in {@code Lambda-Runtime-Function-Error-Type} ({@code Runtime.UserException}…), or, for
 * an error made here, its type.
 */
public record FunctionError(String category, byte[] body) {

    /** An exception the handler threw: its message, class, stack trace and causes. */
    public static FunctionError of(Throwable failure) {
        return new FunctionError(failure.getClass().getName(), Json.bytes(describe(failure, 0)));
    }

    /** An error of the runtime itself ({@code Sandbox.Timedout}, {@code Runtime.ExitError}…), in Lambda's shape. */
    public static FunctionError runtime(String errorType, String message) {
        ObjectNode node = Json.object();
        node.put("errorMessage", message);
        node.put("errorType", errorType);
        return new FunctionError(errorType, Json.bytes(node));
    }

    /** The runtime's own wording for an event that does not deserialise into the handler's input type. */
    public static FunctionError parsing(Throwable cause) {
        ObjectNode node = Json.object();
        node.put("errorMessage", "An error occurred during JSON parsing");
        node.put("errorType", RuntimeException.class.getName());
        node.putArray("stackTrace");
        node.set("cause", describe(cause, 0));
        return new FunctionError(RuntimeException.class.getName(), Json.bytes(node));
    }

    /** The body's {@code errorType}, else the category. */
    public String errorType() {
        JsonNode json = Json.tryParse(body);
        if (json != null && json.hasNonNull("errorType")) {
            return json.get("errorType").asText();
        }
        return category == null ? "Unknown" : category;
    }

    /** The body's {@code errorMessage}, else the body as text. */
    public String errorMessage() {
        JsonNode json = Json.tryParse(body);
        if (json != null && json.hasNonNull("errorMessage")) {
            return json.get("errorMessage").asText();
        }
        return text();
    }

    /** The body as text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static ObjectNode describe(Throwable failure, int depth) {
        ObjectNode node = Json.object();
        node.put("errorMessage", failure.getMessage());
        node.put("errorType", failure.getClass().getName());
        ArrayNode trace = node.putArray("stackTrace");
        for (StackTraceElement element : failure.getStackTrace()) {
            trace.add(element.toString());
        }
        Throwable cause = failure.getCause();
        if (cause != null && cause != failure && depth < 8) {
            node.set("cause", describe(cause, depth + 1));
        }
        return node;
    }
}
