package io.tenantry.local.function;

import java.nio.charset.StandardCharsets;

/**
 * What one invocation came to, whichever path ran the function: its result, its error, a timeout, or (through the
 * runtime client) a runtime that exited. {@code payload} is what Lambda returns to the invoker: the result JSON, or
 * the error JSON ({@code errorMessage}, {@code errorType}, {@code stackTrace}); the request id is the one the
 * function saw.
 */
public record Invocation(String requestId, Status status, byte[] payload, FunctionError error, long durationNanos) {

    /** How an invocation ended. */
    public enum Status {
        SUCCESS,
        ERROR,
        TIMEOUT,
        EXITED
    }

    public static Invocation ok(String requestId, byte[] payload, long durationNanos) {
        return new Invocation(requestId, Status.SUCCESS, payload, null, durationNanos);
    }

    public static Invocation error(String requestId, FunctionError error, long durationNanos) {
        return failed(requestId, Status.ERROR, error, durationNanos);
    }

    public static Invocation failed(String requestId, Status status, FunctionError error, long durationNanos) {
        return new Invocation(requestId, status, error.body(), error, durationNanos);
    }

    public boolean succeeded() {
        return status == Status.SUCCESS;
    }

    public boolean failed() {
        return !succeeded();
    }

    /** The error's type ({@code Sandbox.Timedout}, the exception's class…), or null for a success. */
    public String errorType() {
        return error == null ? null : error.category();
    }

    public double durationMillis() {
        return durationNanos / 1_000_000.0;
    }

    /** The duration in whole milliseconds, for log lines and answers. */
    public long millis() {
        return durationNanos / 1_000_000;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** {@code ok} or {@code error}, for log lines. */
    public String outcome() {
        return failed() ? "error" : "ok";
    }
}
