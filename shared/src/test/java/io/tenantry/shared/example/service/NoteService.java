package io.tenantry.shared.example.service;

import com.github.f4b6a3.ulid.UlidCreator;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.example.model.CreateNoteRequest;
import io.tenantry.shared.example.model.Note;
import io.tenantry.shared.example.repository.NoteRepository;
import io.tenantry.shared.problem.NotFoundException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A tenant's notes: create and read. Throws domain exceptions; the handler base maps them. */
@Singleton
public class NoteService {
    private final NoteRepository notes;
    private final Clock clock;

    public NoteService(NoteRepository notes, Clock clock) {
        this.notes = notes;
        this.clock = clock;
    }

    public Note create(TenantAccess access, CreateNoteRequest request) {
        // A context of its own adds its id prefix to io.tenantry.shared.id.Ids; the example keeps to the test tree.
        Note note = new Note(
                "nte_" + UlidCreator.getMonotonicUlid(),
                request.text(),
                "active",
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString(),
                1);
        notes.create(access, note);
        return note;
    }

    public Note get(TenantAccess access, String noteId) {
        return notes.find(access, noteId).orElseThrow(() -> new NotFoundException("There is no such note."));
    }
}
