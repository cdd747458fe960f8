package io.tenantry.tenants.model;

import io.micronaut.serde.annotation.Serdeable;

/** A tenant as the API shows it. */
@Serdeable
public record Tenant(String id, String name, String plan, String status, String createdAt, long version) {
    public static final String ACTIVE = "active";
    public static final String DELETING = "deleting";
}
