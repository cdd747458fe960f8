package io.tenantry.shared.problem;

import java.util.List;
import java.util.Map;

/** 429: the tenant is over its plan's request rate; {@code Retry-After} says when to come back. */
public class TooManyRequestsException extends ProblemException {
    public TooManyRequestsException(long retryAfterSeconds) {
        super(
                429,
                "rate-limited",
                "Too many requests",
                "The tenant is over its plan's request rate.",
                List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }
}
