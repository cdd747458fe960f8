package io.tenantry.shared.metering;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * Whether the meter records ({@code TENANTRY_METERING_ENABLED}, default true), and the memory compute is billed
 * at: Lambda's {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, else {@code TENANTRY_METERING_MEMORY_MB}, else 1024 (the
 * template's global memory size).
 */
@Singleton
public final class MeteringSettings {
    private final boolean enabled;
    private final long memoryMb;

    public MeteringSettings(
            @Value("${tenantry.metering.enabled:true}") boolean enabled,
            @Value("${aws.lambda.function.memory.size:0}") long lambdaMemoryMb,
            @Value("${tenantry.metering.memory.mb:1024}") long configuredMemoryMb) {
        this.enabled = enabled;
        long memory = lambdaMemoryMb > 0 ? lambdaMemoryMb : configuredMemoryMb;
        this.memoryMb = memory > 0 ? memory : 1024;
    }

    public boolean enabled() {
        return enabled;
    }

    public long memoryMb() {
        return memoryMb;
    }
}
