package io.tenantry.users.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A user as a member of the caller's tenant. {@code status} is {@code invited} until the user's first
 * sign-in with the invited address verified, then {@code active}; an invitation not accepted by
 * {@code invitationExpiresAt} is {@code expired}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Member(
        String userId,
        String email,
        String role,
        String status,
        String invitationExpiresAt,
        String createdAt,
        long version) {

    public boolean isInvited() {
        return "invited".equals(status) || "expired".equals(status);
    }
}
