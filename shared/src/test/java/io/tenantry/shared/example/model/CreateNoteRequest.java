package io.tenantry.shared.example.model;

import io.tenantry.shared.json.JsonBody;

/** The body of {@code POST /v1/notes}: a text of 1 to 500 characters. */
public record CreateNoteRequest(String text) {
    public static CreateNoteRequest parse(JsonBody body) {
        String text = body.requiredString("text", 1, 500);
        body.validate();
        return new CreateNoteRequest(text);
    }
}
