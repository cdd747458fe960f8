package io.tenantry.shared.data;

import io.tenantry.shared.id.Ids;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A queue message a change causes, kept as the item {@code OUTBOX#<id>} in the tenant's partition until the outbox
 * relay (the table's stream) sends it to the queue its {@code destination} names, with {@code groupId} as the
 * message group (the tenant, for the fair queues) and {@code delaySeconds} (0-900). The item expires by TTL a day
 * later; the stream keeps its insert for 24 hours, and the relay sends each at least once.
 */
public record OutboxMessage(String id, String destination, String groupId, String body, int delaySeconds, Instant at)
        implements OutboxEntry {
    /** The sort-key prefix of outbox items: the stream's filter passes only their inserts to the relay. */
    public static final String PREFIX = "OUTBOX#";
    /** The webhook events queue: the webhook worker fans events out to the tenant's endpoints. */
    public static final String WEBHOOK_EVENTS = "webhook-events";
    /** The invoice queue: the invoice worker renders the PDF. */
    public static final String INVOICES = "invoices";
    /** The purge queue: the purge worker deletes an offboarded tenant's data. */
    public static final String PURGE = "purge";
    /** The email queue: the email worker sends through SES. */
    public static final String EMAIL = "email";
    /** Every destination the relay knows. */
    public static final Set<String> DESTINATIONS = Set.of(WEBHOOK_EVENTS, INVOICES, PURGE, EMAIL);

    static final long KEPT_SECONDS = 24 * 60 * 60;

    public OutboxMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(at, "at");
        if (!DESTINATIONS.contains(destination)) {
            throw new IllegalArgumentException("Unknown outbox destination: " + destination);
        }
        if (delaySeconds < 0 || delaySeconds > 900) {
            throw new IllegalArgumentException("An SQS delay is 0-900 seconds, not " + delaySeconds);
        }
    }

    /** A message for {@code destination} now, with a fresh id. */
    public static OutboxMessage of(String destination, String groupId, String body, int delaySeconds, Instant now) {
        return new OutboxMessage(Ids.outboxId(), destination, groupId, body, delaySeconds, now);
    }

    @Override
    public Map<String, AttributeValue> item(String partitionKey, List<TransactWriteItem> change) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(partitionKey));
        item.put(Keys.SK, AttributeValue.fromS(PREFIX + id));
        item.put("destination", AttributeValue.fromS(destination));
        if (groupId != null) {
            item.put("groupId", AttributeValue.fromS(groupId));
        }
        item.put("body", AttributeValue.fromS(body));
        item.put("delaySeconds", AttributeValue.fromN(Integer.toString(delaySeconds)));
        item.put("createdAt", AttributeValue.fromS(at.toString()));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(at.getEpochSecond() + KEPT_SECONDS)));
        return item;
    }

    /** The message an outbox item holds (its attributes as strings, as the stream's image gives them). */
    public static OutboxMessage fromItem(Map<String, String> item) {
        String sortKey = item.getOrDefault(Keys.SK, "");
        if (!sortKey.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not an outbox item: " + sortKey);
        }
        String createdAt = item.get("createdAt");
        return new OutboxMessage(
                sortKey.substring(PREFIX.length()),
                item.get("destination"),
                item.get("groupId"),
                item.get("body"),
                Integer.parseInt(item.getOrDefault("delaySeconds", "0")),
                createdAt == null ? Instant.EPOCH : Instant.parse(createdAt));
    }
}
