package io.tenantry.shared.problem;

/** 409: a uniqueness or state conflict. */
public class ConflictException extends ProblemException {
    public ConflictException(String detail) {
        super(409, "conflict", "Conflict", detail);
    }
}
