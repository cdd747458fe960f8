package io.tenantry.shared.problem;

/** 413: a body, or a declared size, over the limit. */
public class PayloadTooLargeException extends ProblemException {
    public PayloadTooLargeException(String detail) {
        super(413, "payload-too-large", "Payload too large", detail);
    }
}
