package io.tenantry.costexport.model;

/** The invocation's payload cannot be an export: the message names the field and what is wrong with it. */
public final class InvalidExportRequestException extends IllegalArgumentException {
    public InvalidExportRequestException(String message) {
        super(message);
    }
}
