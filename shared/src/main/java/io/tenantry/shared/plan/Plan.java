package io.tenantry.shared.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A tenant's plan. It sets the request rate and the size of files a tenant may upload. */
public enum Plan {
    FREE,
    PRO,
    ENTERPRISE;

    public static final List<String> WIRE_NAMES = List.of("free", "pro", "enterprise");

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Plan> fromWireName(String value) {
        for (Plan plan : values()) {
            if (plan.wireName().equals(value)) {
                return Optional.of(plan);
            }
        }
        return Optional.empty();
    }
}
