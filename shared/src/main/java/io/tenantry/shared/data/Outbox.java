package io.tenantry.shared.data;

import io.tenantry.shared.auth.TenantAccess;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The transactional outbox: what a change causes (a queue message, an audit event) is written in the change's own
 * DynamoDB transaction, so no change is left without its events and no event without its change. A caller opens a
 * {@link Frame} with the entries around the code that makes the change; the first write of the tenant's items that
 * succeeds inside it ({@link TenantItems}: a creation, an update, a deletion or a transaction) carries every entry
 * still pending in the open frames, and marks them written. A write that fails carries nothing away: the entries wait
 * for the next write, and are dropped with their frame if none succeeds (the change did not happen). The outbox
 * relay, fed by the table's stream, sends the messages on.
 *
 * <p>Frames are bound to the thread that opens them (a request or a queue message is served on one thread) and to
 * one tenant: an entry can only ever be written into its own tenant's partition.
 */
@Singleton
public final class Outbox {
    private static final ThreadLocal<Deque<Frame>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    /** Opens a frame whose {@code entries} join the next successful write of {@code access}'s items on this thread. */
    public Frame open(TenantAccess access, List<? extends OutboxEntry> entries) {
        Frame frame = new Frame(access.tenantId(), entries);
        OPEN.get().push(frame);
        return frame;
    }

    /** Runs {@code write} with {@code entries} joined to the first successful write it makes. */
    public <T> T with(TenantAccess access, List<? extends OutboxEntry> entries, Supplier<T> write) {
        try (Frame ignored = open(access, entries)) {
            return write.get();
        }
    }

    /**
     * The entries pending for a write of {@code access}'s items, or none. Throws when a frame of another tenant is
     * open on this thread: its entries must never land in this partition, nor be silently dropped.
     */
    List<Frame> pendingFor(TenantAccess access) {
        Deque<Frame> open = OPEN.get();
        if (open.isEmpty()) {
            return List.of();
        }
        List<Frame> pending = new ArrayList<>();
        for (Frame frame : open) {
            if (frame.written || frame.entries.isEmpty()) {
                continue;
            }
            if (!frame.tenantId.equals(access.tenantId())) {
                throw new IllegalStateException("Outbox entries of one tenant are pending while another's items are"
                        + " written: they would land in the wrong partition.");
            }
            pending.add(frame);
        }
        return pending;
    }

    /** The entries of {@code frames}, in the order they were opened (outermost first). */
    static List<OutboxEntry> entriesOf(List<Frame> frames) {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = frames.size() - 1; i >= 0; i--) {
            entries.addAll(frames.get(i).entries);
        }
        return entries;
    }

    /** Marks {@code frames} written: their change and their entries landed together. */
    static void written(List<Frame> frames) {
        frames.forEach(f -> f.written = true);
    }

    /** Entries waiting, on this thread, for the write of the change they belong to. */
    public static final class Frame implements AutoCloseable {
        private final String tenantId;
        private final List<OutboxEntry> entries;
        private boolean written;

        private Frame(String tenantId, List<? extends OutboxEntry> entries) {
            this.tenantId = tenantId;
            this.entries = List.copyOf(entries);
        }

        /** True once a write carried this frame's entries. */
        public boolean written() {
            return written;
        }

        /** Closes the frame: entries not written by now are dropped (the change they were for did not happen). */
        @Override
        public void close() {
            OPEN.get().remove(this);
        }
    }
}
