package io.tenantry.shared.metering;

/**
 * A delivery of usage lines that was not wholly written: it must come again (the function fails, and Lambda's
 * retries and the dead-letter destination take it from there). What was written is marked, so it is not counted
 * twice.
 */
public class UsageDeliveryException extends RuntimeException {
    public UsageDeliveryException(String message) {
        super(message);
    }
}
