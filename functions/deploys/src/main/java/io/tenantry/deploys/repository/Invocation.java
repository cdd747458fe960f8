package io.tenantry.deploys.repository;

/**
 * One synchronous invocation's outcome as Lambda's Invoke API returns it: its HTTP status, the
 * {@code X-Amz-Function-Error} header (set when the function failed: an exception, a timeout) and the payload.
 */
public record Invocation(int status, String functionError, String payload) {
    public boolean failed() {
        return status != 200 || (functionError != null && !functionError.isBlank());
    }
}
