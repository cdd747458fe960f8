package io.tenantry.projects.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** A project as the API shows it; {@code description} is null when there is none. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Project(String id, String name, String description, String createdAt, String updatedAt, long version) {

    /** The project once {@code changes} are applied at {@code now}: what the update writes, at the next version. */
    public Project updatedWith(UpdateProjectRequest changes, String now) {
        return new Project(
                id,
                changes.name().orElse(name),
                changes.clearDescription() ? null : changes.description().orElse(description),
                createdAt,
                now,
                version + 1);
    }
}
