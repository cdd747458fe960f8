package io.tenantry.webhooks.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One event's delivery to one webhook, as the API shows it. {@code status} is {@value #PENDING}, {@value #DELIVERED}
 * or {@value #FAILED}; {@code lastStatusCode} is null before the first answer (or when none came: a timeout, a refused
 * address); {@code nextAttemptAt} is null once it is delivered or failed.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Delivery(
        String id,
        String eventId,
        String type,
        String status,
        int attempts,
        Integer lastStatusCode,
        String nextAttemptAt,
        String createdAt) {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
}
