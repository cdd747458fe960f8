package io.tenantry.costexport.repository;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * The export's settings, from the environment the template sets: {@code TENANTRY_EXPORTS_BUCKET} (where the files
 * go), {@code TENANTRY_COST_PRICE_FILE} and {@code TENANTRY_COST_WORKLOAD_FILE} (a {@code classpath:} resource or a
 * path), {@code TENANTRY_COST_COMPUTE_LINE} (the price line of Lambda duration for the template's architecture),
 * {@code TENANTRY_COST_STORAGE_LINE} and {@code TENANTRY_COST_REPORT_TOP} (how many tenants report.html lists).
 */
@Singleton
public final class CostExportSettings {
    /** The key prefix of every export; a day's files sit under {@code cost-per-tenant/YYYY/MM/DD/}. */
    public static final String PREFIX = "cost-per-tenant/";

    private final String bucket;
    private final String priceFile;
    private final String workloadFile;
    private final String computeLine;
    private final String storageLine;
    private final int reportTop;

    public CostExportSettings(
            @Value("${tenantry.exports.bucket:}") String bucket,
            @Value("${tenantry.cost.price.file:classpath:pricing/aws-prices.json}") String priceFile,
            @Value("${tenantry.cost.workload.file:classpath:pricing/workload.json}") String workloadFile,
            @Value("${tenantry.cost.compute.line:lambda-duration-arm64}") String computeLine,
            @Value("${tenantry.cost.storage.line:s3-storage}") String storageLine,
            @Value("${tenantry.cost.report.top:100}") int reportTop) {
        this.bucket = bucket;
        this.priceFile = priceFile;
        this.workloadFile = workloadFile;
        this.computeLine = computeLine;
        this.storageLine = storageLine;
        this.reportTop = Math.max(1, Math.min(reportTop, 10_000));
    }

    public String bucket() {
        return bucket;
    }

    public String priceFile() {
        return priceFile;
    }

    public String workloadFile() {
        return workloadFile;
    }

    public String computeLine() {
        return computeLine;
    }

    public String storageLine() {
        return storageLine;
    }

    public int reportTop() {
        return reportTop;
    }
}
