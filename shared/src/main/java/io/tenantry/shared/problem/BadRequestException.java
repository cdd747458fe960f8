package io.tenantry.shared.problem;

/** 400: a malformed request (JSON syntax, query parameter, cursor). */
public class BadRequestException extends ProblemException {
    public BadRequestException(String detail) {
        super(400, "bad-request", "Bad request", detail);
    }
}
