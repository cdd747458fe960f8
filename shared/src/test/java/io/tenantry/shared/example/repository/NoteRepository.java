package io.tenantry.shared.example.repository;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.example.model.Note;
import java.util.Optional;

/** Storage of a tenant's notes. */
public interface NoteRepository {
    void create(TenantAccess access, Note note);

    Optional<Note> find(TenantAccess access, String noteId);
}
