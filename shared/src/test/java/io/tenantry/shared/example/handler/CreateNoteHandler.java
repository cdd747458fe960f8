package io.tenantry.shared.example.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.example.model.CreateNoteRequest;
import io.tenantry.shared.example.model.Note;
import io.tenantry.shared.example.service.NoteService;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code POST /v1/notes}: members create a note. Honours Idempotency-Key. */
@Route(value = "POST /v1/notes", role = Role.MEMBER, idempotent = true)
public class CreateNoteHandler extends ApiHandler {
    @Inject
    NoteService notes;

    public CreateNoteHandler() {}

    public CreateNoteHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String primingBody() {
        return "{\"text\": \"Priming\"}";
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        Note note = notes.create(request.tenant(), CreateNoteRequest.parse(request.body()));
        return ApiResponse.created(note, "/v1/notes/" + note.id()).etag(note.version());
    }
}
