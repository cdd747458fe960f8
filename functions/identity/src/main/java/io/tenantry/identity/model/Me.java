package io.tenantry.identity.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The body of {@code GET /v1/me}: the caller and every tenant it belongs to. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Me(String userId, String email, List<MembershipView> memberships) {

    /** One membership: the tenant, its name, and the caller's role there. */
    @Serdeable
    public record MembershipView(String tenantId, String tenantName, String role) {}
}
