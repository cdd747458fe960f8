package io.tenantry.costexport.pricing;

/** The price file or the workload file is missing or malformed: the export stops before it writes anything. */
public final class PriceFileException extends RuntimeException {
    public PriceFileException(String message) {
        super(message);
    }

    public PriceFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
