package io.tenantry.local.backend.http;

/** The routes under {@code /local/} on the API port: the identity provider, endpoints, schedules. */
@FunctionalInterface
public interface LocalApi {
    /**
     * Answers a request to a path under {@code /local/}; null when no such route exists. May throw a
     * {@code ProblemException} for the caller's mistakes.
     */
    HttpReply handle(GatewayRequest request);
}
