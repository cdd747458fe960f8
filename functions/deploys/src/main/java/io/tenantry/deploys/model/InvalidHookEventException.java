package io.tenantry.deploys.model;

/** The hook was invoked with something other than a CodeDeploy lifecycle event; there is nothing to report to. */
public final class InvalidHookEventException extends RuntimeException {
    public InvalidHookEventException(String message) {
        super(message);
    }
}
