package io.tenantry.projects.model;

import io.tenantry.shared.json.JsonBody;
import java.util.Optional;

/**
 * The body of {@code PATCH /v1/projects/{projectId}}: absent fields stay; {@code "description": null}
 * (or an empty string) removes the description.
 */
public record UpdateProjectRequest(Optional<String> name, Optional<String> description, boolean clearDescription) {

    public static UpdateProjectRequest parse(JsonBody body) {
        Optional<String> name = body.optionalString("name", 1, CreateProjectRequest.MAX_NAME);
        boolean clear = body.isNull("description");
        Optional<String> description =
                clear ? Optional.empty() : body.optionalString("description", 0, CreateProjectRequest.MAX_DESCRIPTION);
        body.validate();
        if (description.isPresent() && description.get().isEmpty()) {
            return new UpdateProjectRequest(name, Optional.empty(), true);
        }
        return new UpdateProjectRequest(name, description, clear);
    }
}
