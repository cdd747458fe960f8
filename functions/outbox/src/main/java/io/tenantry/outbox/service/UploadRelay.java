package io.tenantry.outbox.service;

import io.tenantry.outbox.repository.UploadQueue;
import io.tenantry.shared.auth.TenantIds;
import io.tenantry.shared.json.JsonCodec;
import jakarta.inject.Singleton;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each upload S3 reports to the media worker's queue, in its tenant's message group ({@link UploadQueue}).
 * Each record goes as a notification of its own, exactly as S3 wrote it, so the worker reads the message it would
 * read from S3 and checks it in full, bucket included (docs/media.md). The relay reads only what the group needs: an
 * {@code ObjectCreated} record whose key's second segment, after {@code tenants/}, is a tenant id; any other record
 * is left out, as the worker would ignore it. Only the media bucket notifies its queue (the queue's policy names
 * the bucket). A send that fails fails the message, which the queue delivers again: a record sent twice is
 * processed once, since the worker's claim is idempotent.
 */
@Singleton
public class UploadRelay {
    private static final Logger LOG = LoggerFactory.getLogger(UploadRelay.class);

    private final UploadQueue queue;
    private final JsonCodec json;

    public UploadRelay(UploadQueue queue, JsonCodec json) {
        this.queue = queue;
        this.json = json;
    }

    /** How many records of an event were sent on, and how many were left out. */
    public record Result(int relayed, int ignored) {}

    /** Relays the uploads of {@code event}, an S3 event notification. */
    public Result relay(Map<String, Object> event) {
        Object raw = event == null ? null : event.get("Records");
        if (!(raw instanceof List<?> records)) {
            throw new IllegalArgumentException("Not an S3 event notification: no Records.");
        }
        int relayed = 0;
        int ignored = 0;
        for (Object record : records) {
            Optional<String> tenant = tenantOfUpload(record);
            if (tenant.isEmpty()) {
                ignored++;
                continue;
            }
            queue.send(
                    tenant.get(), new String(json.write(Map.of("Records", List.of(record))), StandardCharsets.UTF_8));
            relayed++;
        }
        return new Result(relayed, ignored);
    }

    /** The tenant of an {@code ObjectCreated} record under {@code tenants/}; empty otherwise. */
    private Optional<String> tenantOfUpload(Object record) {
        Object eventName = field(record, "eventName");
        Object s3 = field(record, "s3");
        Object key = field(field(s3, "object"), "key");
        if (!(eventName instanceof String name && name.startsWith("ObjectCreated:"))
                || !(key instanceof String encoded)) {
            LOG.atWarn().log("An S3 record that is not an object's creation was left out");
            return Optional.empty();
        }
        // Notifications carry the key URL-encoded, with spaces as '+'.
        String[] segments = URLDecoder.decode(encoded, StandardCharsets.UTF_8).split("/", 3);
        if (segments.length < 3 || !segments[0].equals("tenants") || !TenantIds.isWellFormed(segments[1])) {
            LOG.atWarn().addKeyValue("key", encoded).log("An S3 record outside the upload scheme was left out");
            return Optional.empty();
        }
        return Optional.of(segments[1]);
    }

    private static Object field(Object node, String name) {
        return node instanceof Map<?, ?> map ? map.get(name) : null;
    }
}
