package io.tenantry.local.backend.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.backend.Json;

/** A function error in the shape the Lambda Java runtime reports it. */
public record FunctionError(String errorType, byte[] json) {

    /** An exception the handler threw: its message, class, stack trace and causes. */
    static FunctionError of(Throwable failure) {
        return new FunctionError(failure.getClass().getName(), Json.bytes(describe(failure, 0)));
    }

    /** An error of the runtime itself ({@code Sandbox.Timedout}, {@code Function.ResponseSizeTooLarge}…). */
    static FunctionError runtime(String errorType, String message) {
        ObjectNode node = Json.object();
        node.put("errorMessage", message);
        node.put("errorType", errorType);
        return new FunctionError(errorType, Json.bytes(node));
    }

    /** The runtime's own wording for an event that does not deserialise into the handler's input type. */
    static FunctionError parsing(Throwable cause) {
        ObjectNode node = Json.object();
        node.put("errorMessage", "An error occurred during JSON parsing");
        node.put("errorType", RuntimeException.class.getName());
        node.putArray("stackTrace");
        node.set("cause", describe(cause, 0));
        return new FunctionError(RuntimeException.class.getName(), Json.bytes(node));
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
