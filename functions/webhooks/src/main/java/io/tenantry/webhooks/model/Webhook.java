package io.tenantry.webhooks.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A webhook endpoint as the API shows it (never its secret); {@code description} is null when there is none. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Webhook(
        String id,
        String url,
        List<String> events,
        String description,
        String createdAt,
        String updatedAt,
        long version) {}
