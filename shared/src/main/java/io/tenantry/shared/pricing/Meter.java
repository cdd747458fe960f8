package io.tenantry.shared.pricing;

/** What a plan prices beyond its fee, by the name the pricing file uses. */
public enum Meter {
    REQUESTS("requests"),
    COMPUTE_GB_SECONDS("computeGbSeconds"),
    STORAGE_GB_MONTHS("storageGbMonths"),
    MEDIA_PROCESSED("mediaProcessed");

    private final String fileName;

    Meter(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
