package io.tenantry.outbox.service;

/** An outbox item that no retry can send: skipped, with an error logged, so it does not hold the stream's shard. */
public class UnusableOutboxItemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnusableOutboxItemException(String message) {
        super(message);
    }
}
