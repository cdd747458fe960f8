package io.tenantry.users.model;

import io.tenantry.shared.auth.Role;
import io.tenantry.shared.json.JsonBody;

/** The body of {@code PATCH /v1/users/{userId}}: the new role. */
public record ChangeRoleRequest(Role role) {

    public static ChangeRoleRequest parse(JsonBody body) {
        Role role = body.requiredChoice("role", Role::fromWireName, AddMemberRequest.ROLES);
        body.validate();
        return new ChangeRoleRequest(role);
    }
}
