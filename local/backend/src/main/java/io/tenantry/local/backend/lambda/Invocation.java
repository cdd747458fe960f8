package io.tenantry.local.backend.lambda;

import java.nio.charset.StandardCharsets;

/**
 * The outcome of one invocation, as the Invoke API reports it: the function's result JSON, or (for a function error) the
 * error JSON Lambda writes ({@code errorMessage}, {@code errorType}, {@code stackTrace}), with the request id and how
 * long the handler ran.
 */
public record Invocation(String requestId, boolean failed, byte[] payload, long durationMillis, String errorType) {

    static Invocation ok(String requestId, byte[] payload, long durationMillis) {
        return new Invocation(requestId, false, payload, durationMillis, null);
    }

    static Invocation error(String requestId, FunctionError error, long durationMillis) {
        return new Invocation(requestId, true, error.json(), durationMillis, error.errorType());
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** {@code ok} or {@code error}, for log lines. */
    public String status() {
        return failed ? "error" : "ok";
    }
}
