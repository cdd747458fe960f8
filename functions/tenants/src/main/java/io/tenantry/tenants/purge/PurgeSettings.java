package io.tenantry.tenants.purge;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The purge's configuration, from the environment the template sets: {@code TENANTRY_PURGE_QUEUE}
 * (the queue's URL), {@code TENANTRY_PURGE_DEAD_LETTERS} (its dead-letter queue's URL), {@code TENANTRY_PURGE_BUCKETS} (every bucket that holds objects under {@code
 * tenants/<tenantId>/}, comma-separated), {@code TENANTRY_PURGE_SWEEP_SECONDS} (the delay of the
 * second pass, at most 900; 0 for none) and {@code TENANTRY_PURGE_BUDGET_SECONDS} (how long one
 * invocation purges before it hands the rest to a new message; below the function's timeout).
 */
@Singleton
public final class PurgeSettings {
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final List<String> buckets;
    private final int sweepDelaySeconds;
    private final Duration budget;

    public PurgeSettings(
            @Value("${tenantry.purge.queue:}") String queueUrl,
            @Value("${tenantry.purge.dead.letters:}") String deadLetterQueueUrl,
            @Value("${tenantry.purge.buckets:}") String buckets,
            @Value("${tenantry.purge.sweep.seconds:60}") int sweepDelaySeconds,
            @Value("${tenantry.purge.budget.seconds:600}") int budgetSeconds) {
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.buckets = Arrays.stream(buckets.split(","))
                .map(String::strip)
                .filter(b -> !b.isEmpty())
                .distinct()
                .toList();
        this.sweepDelaySeconds = Math.max(0, Math.min(900, sweepDelaySeconds));
        this.budget = Duration.ofSeconds(Math.max(1, budgetSeconds));
    }

    public String queueUrl() {
        return queueUrl;
    }

    /** Where messages that can never succeed go at once. */
    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    public List<String> buckets() {
        return buckets;
    }

    public int sweepDelaySeconds() {
        return sweepDelaySeconds;
    }

    public Duration budget() {
        return budget;
    }
}
