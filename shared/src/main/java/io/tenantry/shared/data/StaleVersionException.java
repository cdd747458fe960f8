package io.tenantry.shared.data;

/** A conditional write found another version than the one it was based on. */
public class StaleVersionException extends RuntimeException {
    public StaleVersionException(String message) {
        super(message, null, false, false);
    }
}
