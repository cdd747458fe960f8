package io.tenantry.local.backend.http;

/**
 * The local backend's own routes on the API port: under {@code /local/} the identity provider, endpoints, schedules,
 * faults and mail; and the API reference page ({@code /docs}, {@code /openapi.yaml}).
 */
@FunctionalInterface
public interface LocalApi {
    /**
     * Answers a request to one of the local backend's own paths; null when no such route exists. May throw a
     * {@code ProblemException} for the caller's mistakes.
     */
    HttpReply handle(GatewayRequest request);

    /** The answer of the first of {@code apis} that has the route. */
    static LocalApi firstOf(LocalApi... apis) {
        return request -> {
            for (LocalApi api : apis) {
                HttpReply reply = api.handle(request);
                if (reply != null) {
                    return reply;
                }
            }
            return null;
        };
    }
}
