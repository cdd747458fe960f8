package io.tenantry.costexport.usage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The period's rows, written once while usage is read and then read back as often as pricing needs (the rounding
 * reads them several times): memory stays flat however many tenants there are, and every pass sees the same usage
 * even while tenants keep using the service. A temporary file, deleted on close.
 */
public final class SpillFile implements AutoCloseable {
    private final Path path;
    private DataOutputStream out;
    private long rows;

    public SpillFile() {
        try {
            this.path = Files.createTempFile("cost-export-", ".rows");
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void append(TenantRow row) {
        try {
            out.writeUTF(row.tenantId());
            out.writeUTF(row.name());
            out.writeUTF(row.plan());
            out.writeBoolean(row.deleted());
            out.writeLong(row.deletedAt().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
            out.writeLong(row.requests());
            out.writeLong(row.computeMbMs());
            out.writeLong(row.storageByteDays());
            out.writeUTF(row.storageGbMonths().toString());
            out.writeLong(row.mediaProcessed());
            out.writeLong(row.invoicesRendered());
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long rows() {
        return rows;
    }

    /** Reads every row back, in the order they were appended. */
    public void forEach(Consumer<TenantRow> consumer) {
        finishWriting();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            for (long i = 0; i < rows; i++) {
                String tenantId = in.readUTF();
                String name = in.readUTF();
                String plan = in.readUTF();
                boolean deleted = in.readBoolean();
                long deletedAt = in.readLong();
                consumer.accept(new TenantRow(
                        tenantId,
                        name,
                        plan,
                        deleted,
                        deletedAt == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(deletedAt)),
                        in.readLong(),
                        in.readLong(),
                        in.readLong(),
                        new BigDecimal(in.readUTF()),
                        in.readLong(),
                        in.readLong()));
            }
        } catch (EOFException e) {
            throw new IllegalStateException("The spill file " + path + " ended early.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void finishWriting() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out = null;
        }
    }

    @Override
    public void close() {
        try {
            finishWriting();
        } finally {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // A temporary file; the next export does not read it.
            }
        }
    }
}
