package io.tenantry.shared.example.model;

import io.micronaut.serde.annotation.Serdeable;

/** What the notes queue carries: archive this note of this tenant. */
@Serdeable
public record NoteMessage(String tenantId, String noteId) {}
