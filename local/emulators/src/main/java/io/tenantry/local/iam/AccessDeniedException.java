package io.tenantry.local.iam;

/** What IAM answers to a request its policies do not allow: the emulators map it to AccessDenied. */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(Decision decision) {
        super(decision.message());
    }
}
