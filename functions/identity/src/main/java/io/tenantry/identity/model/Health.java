package io.tenantry.identity.model;

import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code GET /v1/health}. */
@Serdeable
public record Health(String status) {
    public static final Health OK = new Health("ok");
}
