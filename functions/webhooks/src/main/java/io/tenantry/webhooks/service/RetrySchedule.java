package io.tenantry.webhooks.service;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a delivery that was not answered 2xx is tried again: after attempt {@code n}, a delay of {@code 30 s × 2^(n-1)}
 * capped at 4 hours, with equal jitter (half of it fixed, half random), so endpoints that failed together do not
 * all come back at once. Attempts go on while they start within {@link #WINDOW} (24 hours) of the delivery's
 * creation, then it is {@code failed}: about 14 attempts. {@code scale} (the local backend's {@code
 * TENANTRY_WEBHOOKS_RETRY_SCALE}) multiplies the delays and the window.
 */
public final class RetrySchedule {
    public static final Duration WINDOW = Duration.ofHours(24);
    static final Duration FIRST = Duration.ofSeconds(30);
    static final Duration CAP = Duration.ofHours(4);

    private final double scale;

    public RetrySchedule(double scale) {
        this.scale = scale;
    }

    /** The wait after {@code attempts} attempts failed (1 or more), jitter drawn from {@code random}. */
    public Duration delayAfter(int attempts, RandomGenerator random) {
        long base = FIRST.toMillis() << Math.min(Math.max(0, attempts - 1), 20);
        base = Math.min(base, CAP.toMillis());
        long jittered = base / 2 + (long) (random.nextDouble() * (base / 2.0));
        return Duration.ofMillis(Math.max(1, (long) (jittered * scale)));
    }

    /** How long after its creation a delivery may still be attempted. */
    public Duration window() {
        return Duration.ofMillis((long) (WINDOW.toMillis() * scale));
    }
}
