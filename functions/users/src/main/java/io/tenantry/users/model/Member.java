package io.tenantry.users.model;

import io.micronaut.serde.annotation.Serdeable;

/** A user as a member of the caller's tenant. */
@Serdeable
public record Member(String userId, String email, String role, String createdAt, long version) {}
