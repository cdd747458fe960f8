package io.tenantry.tenants.model;

/** An operator's invocation that can never succeed as sent: the message names the field. */
public class InvalidOperatorRequestException extends RuntimeException {
    public InvalidOperatorRequestException(String message) {
        super(message);
    }
}
