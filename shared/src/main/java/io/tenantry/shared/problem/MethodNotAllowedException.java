package io.tenantry.shared.problem;

import java.util.List;
import java.util.Map;

/** 405: the path exists, the method does not; {@code Allow} lists the ones that do. */
public class MethodNotAllowedException extends ProblemException {
    public MethodNotAllowedException(String method, String allowed) {
        super(
                405,
                "method-not-allowed",
                "Method not allowed",
                method + " is not allowed here.",
                List.of(),
                Map.of("Allow", allowed));
    }
}
