package io.tenantry.shared.auth;

import java.util.regex.Pattern;

/** The shape of a tenant id: {@code ten_} and a ULID (26 Crockford base-32 characters, fixed length). */
public final class TenantIds {
    private static final Pattern SHAPE = Pattern.compile("ten_[0-9A-HJKMNP-TV-Z]{26}");

    private TenantIds() {}

    public static boolean isWellFormed(String tenantId) {
        return tenantId != null && SHAPE.matcher(tenantId).matches();
    }
}
