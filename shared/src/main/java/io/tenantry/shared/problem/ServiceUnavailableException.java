package io.tenantry.shared.problem;

import java.util.List;
import java.util.Map;

/**
 * 503: an AWS service the request needs stayed unavailable through the retries; {@code Retry-After} says when to
 * come back. Nothing of the request was done. The detail names no service: that is for the logs.
 */
public class ServiceUnavailableException extends ProblemException {
    public ServiceUnavailableException(long retryAfterSeconds) {
        super(
                503,
                "service-unavailable",
                "Service unavailable",
                "The request could not be served just now; try again after the Retry-After delay.",
                List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }
}
