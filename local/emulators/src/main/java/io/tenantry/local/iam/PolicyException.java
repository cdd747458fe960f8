package io.tenantry.local.iam;

/**
 * A policy this evaluator cannot decide: malformed JSON, an element or operator it does not know,
 * or a construct it deliberately leaves out. Never caught inside the package: an evaluation that
 * meets one fails instead of guessing, so nothing is ever allowed by omission.
 */
public class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
