package io.tenantry.shared.problem;

import java.util.List;
import java.util.Map;

/**
 * 503: an AWS service the request needs stayed unavailable through the retries (or failed to vend the
 * tenant's credentials); {@code Retry-After} says when to come back. Nothing of the request was done.
 * The default detail names no service: that is for the logs.
 */
public class ServiceUnavailableException extends ProblemException {
    public ServiceUnavailableException(long retryAfterSeconds) {
        this("The request could not be served just now; try again after the Retry-After delay.", retryAfterSeconds);
    }

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
