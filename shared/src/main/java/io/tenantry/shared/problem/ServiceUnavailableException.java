package io.tenantry.shared.problem;

import java.util.List;
import java.util.Map;

/**
 * 503: a service the request depends on (AWS) failed or throttled; nothing was changed that the
 * client must know of, and {@code Retry-After} says when to try again.
 */
public class ServiceUnavailableException extends ProblemException {
    public ServiceUnavailableException(String detail, long retryAfterSeconds) {
        super(
                503,
                "service-unavailable",
                "Service unavailable",
                detail,
                List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }
}
