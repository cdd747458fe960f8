package io.tenantry.shared.queue;

/**
 * A message that can never succeed, however often it is delivered: a body that is not the queue's
 * message, no tenant, or something that does not exist. {@link QueueHandler} sends it to its
 * dead-letter queue at once, with this exception's message as the reason, and acknowledges it; any
 * other exception is a transient failure, retried until the queue's {@code maxReceiveCount}. Every
 * worker throws this one type, from its handler's parsing and from its service.
 */
public class UnusableMessageException extends RuntimeException {
    public UnusableMessageException(String reason) {
        super(reason, null, false, false);
    }
}
