package io.tenantry.shared.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One change made in a tenant, as {@code GET /v1/audit-events} shows it: what was done ({@code action}, e.g.
 * {@code project.created}), by whom ({@code actorUserId}; null for the operator), to what ({@code resource}), in
 * which request, when, and for updates the names of the fields changed.
 */
@Serdeable
public record AuditEvent(
        String id,
        String action,
        @JsonInclude(JsonInclude.Include.ALWAYS) String actorUserId,
        Resource resource,
        String requestId,
        String occurredAt,
        List<String> changes) {

    /** The resource changed: its type ({@code project}) and id. */
    @Serdeable
    public record Resource(
            String type,
            @JsonInclude(JsonInclude.Include.ALWAYS) String id) {}
}
