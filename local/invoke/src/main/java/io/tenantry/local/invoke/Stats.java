package io.tenantry.local.invoke;

import java.util.Arrays;

/**
 * Invocation timings of one execution environment: the first (cold) invocation, and p50/p99/max over the warm
 * ones (the second onwards), nearest-rank percentiles. NaN where there is nothing to measure.
 */
public record Stats(int count, double firstMillis, double warmP50Millis, double warmP99Millis, double warmMaxMillis) {

    static Stats of(double[] durations) {
        if (durations.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] warm = Arrays.copyOfRange(durations, 1, durations.length);
        Arrays.sort(warm);
        return new Stats(
                durations.length,
                durations[0],
                percentile(warm, 50),
                percentile(warm, 99),
                warm.length == 0 ? Double.NaN : warm[warm.length - 1]);
    }

    /** Nearest-rank percentile of sorted values: the smallest value with at least p % of the values at or below. */
    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
