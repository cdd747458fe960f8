package io.tenantry.local.iam;

/** What IAM answers to a request its policies do not allow: the emulators map it to AccessDenied. */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Decision decision;

    public AccessDeniedException(Decision decision) {
        super(decision.message());
        this.decision = decision;
    }

    /** The refusal, with the request and, for an explicit deny, the statement that refused it. */
    public Decision decision() {
        return decision;
    }
}
