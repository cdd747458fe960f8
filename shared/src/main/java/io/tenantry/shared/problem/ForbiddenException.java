package io.tenantry.shared.problem;

/** 403: a valid token whose role or tenant does not allow the call. */
public class ForbiddenException extends ProblemException {
    public ForbiddenException(String detail) {
        super(403, "forbidden", "Forbidden", detail);
    }
}
