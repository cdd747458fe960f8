package io.tenantry.shared.problem;

/** 401: no valid token. */
public class UnauthorizedException extends ProblemException {
    public UnauthorizedException(String detail) {
        super(401, "unauthorized", "Unauthorized", detail);
    }
}
