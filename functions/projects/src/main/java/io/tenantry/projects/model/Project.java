package io.tenantry.projects.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** A project as the API shows it; {@code description} is null when there is none. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Project(String id, String name, String description, String createdAt, String updatedAt, long version) {}
