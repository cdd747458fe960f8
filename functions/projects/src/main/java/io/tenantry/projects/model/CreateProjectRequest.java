package io.tenantry.projects.model;

import io.tenantry.shared.json.JsonBody;
import java.util.Optional;

/** The body of {@code POST /v1/projects}: a name of 1 to 200 characters, a description of at most 4000. */
public record CreateProjectRequest(String name, Optional<String> description) {
    public static final int MAX_NAME = 200;
    public static final int MAX_DESCRIPTION = 4000;

    public static CreateProjectRequest parse(JsonBody body) {
        String name = body.requiredString("name", 1, MAX_NAME);
        Optional<String> description =
                body.isNull("description") ? Optional.empty() : body.optionalString("description", 0, MAX_DESCRIPTION);
        body.validate();
        return new CreateProjectRequest(name, description.filter(d -> !d.isEmpty()));
    }
}
