package io.tenantry.local.backend.http;

/** The routes under {@code /local/} on the API port: the identity provider, endpoints, schedules, faults, mail. */
@FunctionalInterface
public interface LocalApi {
    /**
     * Answers a request to a path under {@code /local/}; null when no such route exists. May throw a
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
