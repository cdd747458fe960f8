package io.tenantry.shared.example.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.example.model.Note;
import io.tenantry.shared.example.service.NoteService;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code GET /v1/notes/{noteId}}: one note of the caller's tenant. */
@Route(value = "GET /v1/notes/{noteId}", role = Role.VIEWER)
public class GetNoteHandler extends ApiHandler {
    @Inject
    NoteService notes;

    public GetNoteHandler() {}

    public GetNoteHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        Note note = notes.get(request.tenant(), request.pathParameter("noteId").orElse(""));
        return ApiResponse.ok(note).etag(note.version());
    }
}
