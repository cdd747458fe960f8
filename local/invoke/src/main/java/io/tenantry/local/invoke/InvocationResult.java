package io.tenantry.local.invoke;

import java.nio.charset.StandardCharsets;

/**
 * What one invocation came to: the function's response, its error, a timeout, or a runtime that exited. {@code
 * payload} is what Lambda returns to the invoker: the response, or the error JSON.
 */
public record InvocationResult(
        String requestId, Status status, byte[] payload, RuntimeError error, long durationNanos) {

    /** How an invocation ended. */
    public enum Status {
        SUCCESS,
        ERROR,
        TIMEOUT,
        EXITED
    }

    static InvocationResult success(String requestId, byte[] body, long startNanos, long endNanos) {
        return new InvocationResult(requestId, Status.SUCCESS, body, null, endNanos - startNanos);
    }

    static InvocationResult error(String requestId, RuntimeError error, long startNanos, long endNanos) {
        return new InvocationResult(requestId, Status.ERROR, error.body(), error, endNanos - startNanos);
    }

    static InvocationResult failed(String requestId, Status status, RuntimeError error, long durationNanos) {
        return new InvocationResult(requestId, status, error.body(), error, durationNanos);
    }

    public boolean succeeded() {
        return status == Status.SUCCESS;
    }

    public double durationMillis() {
        return durationNanos / 1_000_000.0;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
