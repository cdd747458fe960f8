package io.tenantry.shared.example.repository;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.example.model.Note;
import io.tenantry.shared.idempotency.StateTransitions;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Notes in the tenant's partition, sort key {@code NOTE#<id>}: {@link TenantItems} makes the partition key. */
@Singleton
public class DynamoNoteRepository implements NoteRepository {
    static final String PREFIX = "NOTE#";

    private final TenantItems items;

    public DynamoNoteRepository(TenantItems items) {
        this.items = items;
    }

    @Override
    public void create(TenantAccess access, Note note) {
        Map<String, AttributeValue> attributes = Map.of(
                "id",
                AttributeValue.fromS(note.id()),
                "text",
                AttributeValue.fromS(note.text()),
                "createdAt",
                AttributeValue.fromS(note.createdAt()),
                StateTransitions.STATUS,
                AttributeValue.fromS("active"));
        if (!items.create(access, PREFIX + note.id(), attributes)) {
            throw new IllegalStateException("Note id collision: " + note.id());
        }
    }

    @Override
    public Optional<Note> find(TenantAccess access, String noteId) {
        return items.get(access, PREFIX + noteId).map(DynamoNoteRepository::toNote);
    }

    private static Note toNote(Item item) {
        return new Note(
                item.string("id"),
                item.string("text"),
                item.string(StateTransitions.STATUS),
                item.string("createdAt"),
                item.version());
    }
}
