package io.tenantry.shared.http;

import io.tenantry.shared.problem.Problem;
import io.tenantry.shared.problem.ProblemException;
import java.util.List;
import java.util.Map;

/**
 * The one place where failures become problem+json responses. A {@link ProblemException} says its
 * own status; anything else is a bug, answered as a bare 500 that shows no internal message.
 */
public final class ProblemMapper {
    private ProblemMapper() {}

    public static ApiResponse toResponse(ProblemException e, String requestId) {
        List<io.tenantry.shared.problem.FieldError> errors = e.errors().isEmpty() ? null : e.errors();
        Problem problem =
                new Problem(Problem.TYPE_BASE + e.slug(), e.title(), e.status(), e.detail(), requestId, errors);
        return withHeaders(problem, e.headers());
    }

    public static ApiResponse internalError(String requestId) {
        Problem problem = new Problem(
                Problem.TYPE_BASE + "internal",
                "Internal error",
                500,
                "The request could not be completed. Quote the request id when reporting this.",
                requestId,
                null);
        return withHeaders(problem, Map.of());
    }

    private static ApiResponse withHeaders(Problem problem, Map<String, String> headers) {
        ApiResponse response = ApiResponse.problem(problem);
        headers.forEach(response::header);
        return response;
    }
}
