package io.tenantry.metering.service;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.metering.UsageJournal;
import io.tenantry.shared.metering.UsageLine;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A CloudWatch Logs subscription delivery, read: the {@code awslogs.data} of the event is base64 of a gzip of a JSON
 * document naming the log group and stream and holding the log events; each event's message is one line a function
 * printed. The usage lines among them come back as {@link UsageLine}s. A {@code CONTROL_MESSAGE} (CloudWatch Logs
 * checking that the destination is reachable) holds none.
 */
@Singleton
public final class UsageLogs {
    /** At most this many bytes once unzipped: CloudWatch Logs delivers at most about 1 MB per delivery. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private final JsonCodec json;
    private final UsageJournal journal;

    public UsageLogs(JsonCodec json, UsageJournal journal) {
        this.json = json;
        this.journal = journal;
    }

    /** The document a subscription delivers (the fields this reads). */
    @Serdeable
    public record Delivery(
            @Nullable String messageType,
            @Nullable String logGroup,
            @Nullable String logStream,
            @Nullable List<LogEvent> logEvents) {}

    /** One log event: one line the function printed. */
    @Serdeable
    public record LogEvent(
            @Nullable String id, long timestamp, @Nullable String message) {}

    /** What a delivery holds: where it is from, its events, and the usage lines among them. */
    public record Read(String logGroup, int events, List<UsageLine> lines, int unreadable) {}

    public Read read(String data) {
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("The event has no awslogs.data.");
        }
        Delivery delivery = json.read(unzip(Base64.getDecoder().decode(data.strip())), Delivery.class);
        List<LogEvent> events = delivery.logEvents() == null ? List.of() : delivery.logEvents();
        if ("CONTROL_MESSAGE".equals(delivery.messageType())) {
            return new Read(delivery.logGroup(), events.size(), List.of(), 0);
        }
        List<UsageLine> lines = new ArrayList<>();
        int unreadable = 0;
        for (LogEvent event : events) {
            UsageLine line = journal.parse(event.message());
            if (line != null) {
                lines.add(line);
            } else if (event.message() != null && event.message().contains("tenantryUsage")) {
                unreadable++;
            }
        }
        return new Read(delivery.logGroup(), events.size(), List.copyOf(lines), unreadable);
    }

    /**
     * The {@code awslogs.data} of a delivery of these lines, one log event each, as CloudWatch Logs makes it: the
     * local delivery of the runtime path, the priming and the tests use it.
     */
    public String encode(String logGroup, String logStream, List<String> messages) {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            events.add(new LogEvent(Integer.toString(i), 0, messages.get(i)));
        }
        byte[] document = json.write(new Delivery("DATA_MESSAGE", logGroup, logStream, events));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static byte[] unzip(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException("The delivery is over " + MAX_BYTES + " bytes unzipped.");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("The delivery is not gzip.", e);
        }
    }
}
