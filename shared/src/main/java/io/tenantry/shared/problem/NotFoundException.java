package io.tenantry.shared.problem;

/** 404: no such resource in the caller's tenant, including another tenant's resources. */
public class NotFoundException extends ProblemException {
    public NotFoundException(String detail) {
        super(404, "not-found", "Not found", detail);
    }
}
