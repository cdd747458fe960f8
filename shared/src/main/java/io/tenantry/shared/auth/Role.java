package io.tenantry.shared.auth;

import java.util.Locale;
import java.util.Optional;

/** A member's role in a tenant, strongest first. Each role may do everything the weaker ones may. */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER,
    VIEWER;

    /** True when this role is at least as strong as {@code required}. */
    public boolean allows(Role required) {
        return ordinal() <= required.ordinal();
    }

    /** The name used in tokens and JSON: {@code owner}, {@code admin}, {@code member}, {@code viewer}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWireName(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
