package io.tenantry.shared.example.service;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.example.model.NoteMessage;
import io.tenantry.shared.example.repository.NoteRepository;
import io.tenantry.shared.idempotency.StateTransitions;
import io.tenantry.shared.idempotency.StateTransitions.Transition;
import io.tenantry.shared.queue.UnusableMessageException;
import jakarta.inject.Singleton;

/**
 * The notes worker's service: archives a note once, however often its message comes. A message no
 * redelivery can fix throws {@link UnusableMessageException}; anything else is transient.
 */
@Singleton
public class NoteArchiver {
    private final NoteRepository notes;
    private final StateTransitions transitions;
    private final String deadLetterQueueUrl;

    public NoteArchiver(
            NoteRepository notes,
            StateTransitions transitions,
            @Value("${tenantry.notes.dead.letters:}") String deadLetterQueueUrl) {
        this.notes = notes;
        this.transitions = transitions;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    /** Where a message that can never succeed goes at once ({@code TENANTRY_NOTES_DEAD_LETTERS}). */
    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    /** Moves the note from {@code active} to {@code archived}; a note already archived is left as it is. */
    public void archive(NoteMessage message) {
        if (message.tenantId() == null || message.noteId() == null) {
            throw new UnusableMessageException("The message names no tenant or no note.");
        }
        TenantAccess access;
        try {
            access = SystemAccess.forWorker(message.tenantId());
        } catch (IllegalArgumentException e) {
            throw new UnusableMessageException("The message's tenant id is not a tenant id.");
        }
        if (notes.find(access, message.noteId()).isEmpty()) {
            throw new UnusableMessageException("The tenant has no such note.");
        }
        // Empty when the note is archived already: a redelivery finds nothing to do.
        transitions.apply(
                access, "NOTE#" + message.noteId(), Transition.from("active").to("archived"));
    }
}
