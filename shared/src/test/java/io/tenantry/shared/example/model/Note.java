package io.tenantry.shared.example.model;

import io.micronaut.serde.annotation.Serdeable;

/** A note as the API shows it. */
@Serdeable
public record Note(String id, String text, String status, String createdAt, long version) {}
