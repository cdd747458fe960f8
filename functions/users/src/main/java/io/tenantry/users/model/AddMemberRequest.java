package io.tenantry.users.model;

import io.tenantry.shared.auth.EmailAddresses;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.json.JsonBody;
import java.util.List;

/** The body of {@code POST /v1/users}: an email address and a role (default {@code member}). */
public record AddMemberRequest(String email, Role role) {
    public static final List<String> ROLES = List.of("owner", "admin", "member", "viewer");

    public static AddMemberRequest parse(JsonBody body) {
        String email = body.requiredString("email", 3, 254);
        if (email != null && !EmailAddresses.isValid(email)) {
            body.reject("email", "must be an email address");
        }
        Role role = body.optionalChoice("role", Role::fromWireName, ROLES).orElse(Role.MEMBER);
        body.validate();
        return new AddMemberRequest(EmailAddresses.normalize(email), role);
    }
}
