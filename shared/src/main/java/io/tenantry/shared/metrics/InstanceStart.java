package io.tenantry.shared.metrics;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a handler instance has served its first real invocation yet: that one is its cold start
 * (or, on a SnapStart function, its restore). Each handler holds one; priming before a snapshot does
 * not use it up.
 */
public final class InstanceStart {
    private final AtomicBoolean started = new AtomicBoolean();

    /** True on the first call only. */
    public boolean first() {
        return started.compareAndSet(false, true);
    }
}
