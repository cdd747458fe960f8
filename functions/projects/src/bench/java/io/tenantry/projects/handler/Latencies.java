package io.tenantry.projects.handler;

import java.util.Arrays;
import java.util.Locale;

/** The percentiles the projects benchmarks report, from latencies in nanoseconds. */
final class Latencies {
    private Latencies() {}

    /** {@code p50 …ms, p90 …ms, p99 …ms} of the given latencies (nanoseconds); the array is left as it was. */
    static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms",
                sorted[sorted.length / 2] / 1e6,
                sorted[sorted.length * 9 / 10] / 1e6,
                sorted[sorted.length * 99 / 100] / 1e6);
    }
}
