package io.tenantry.shared.problem;

/** 412: {@code If-Match} does not match the resource's current version. */
public class PreconditionFailedException extends ProblemException {
    public PreconditionFailedException(String detail) {
        super(412, "precondition-failed", "Precondition failed", detail);
    }
}
