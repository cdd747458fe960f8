package io.tenantry.shared.metering;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * How the meter aggregates and flushes, from the environment: {@code TENANTRY_METERING_ENABLED}
 * (default true), {@code TENANTRY_METERING_FLUSH_SECONDS} (the oldest pending event waits at most
 * this long for the next flush, default 10; 0 flushes after every invocation), {@code
 * TENANTRY_METERING_FLUSH_EVENTS} (flush once this many events are pending, default 1000), and the
 * memory compute is billed at: Lambda's {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, else {@code
 * TENANTRY_METERING_MEMORY_MB}, else 1024 (the template's global memory size).
 */
@Singleton
public final class MeteringSettings {
    private final boolean enabled;
    private final long flushMillis;
    private final long flushEvents;
    private final long memoryMb;

    public MeteringSettings(
            @Value("${tenantry.metering.enabled:true}") boolean enabled,
            @Value("${tenantry.metering.flush.seconds:10}") long flushSeconds,
            @Value("${tenantry.metering.flush.events:1000}") long flushEvents,
            @Value("${aws.lambda.function.memory.size:0}") long lambdaMemoryMb,
            @Value("${tenantry.metering.memory.mb:1024}") long configuredMemoryMb) {
        this.enabled = enabled;
        this.flushMillis = Math.max(0, flushSeconds) * 1000;
        this.flushEvents = Math.max(1, flushEvents);
        long memory = lambdaMemoryMb > 0 ? lambdaMemoryMb : configuredMemoryMb;
        this.memoryMb = memory > 0 ? memory : 1024;
    }

    public boolean enabled() {
        return enabled;
    }

    public long flushMillis() {
        return flushMillis;
    }

    public long flushEvents() {
        return flushEvents;
    }

    public long memoryMb() {
        return memoryMb;
    }
}
