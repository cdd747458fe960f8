package io.tenantry.shared.plan;

/**
 * What a plan allows: sustained requests per second per tenant, and the burst (twice that); and,
 * from {@link #mediaFileBytes}, the size of one uploaded media file.
 */
public record PlanLimits(int requestsPerSecond, int burst) {
    private static final long MIB = 1024L * 1024L;

    /** The largest media file a tenant on {@code plan} may upload: free 5 MiB, pro 25 MiB, enterprise 100 MiB. */
    public static long mediaFileBytes(Plan plan) {
        return switch (plan) {
            case FREE -> 5 * MIB;
            case PRO -> 25 * MIB;
            case ENTERPRISE -> 100 * MIB;
        };
    }

    public static PlanLimits of(Plan plan) {
        int rate = switch (plan) {
            case FREE -> 10;
            case PRO -> 100;
            case ENTERPRISE -> 1000;
        };
        return new PlanLimits(rate, 2 * rate);
    }
}
