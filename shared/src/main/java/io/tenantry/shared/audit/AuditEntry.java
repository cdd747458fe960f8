package io.tenantry.shared.audit;

import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One audit event as an item, {@code AUDIT#<id>}: written beside its change in the change's transaction (an {@link
 * OutboxEntry}), or alone ({@link AuditLog#record}). A {@code resourceId} left null is the id of the item the change
 * creates (the first item it puts whose sort key ends in an id, {@code PROJECT#prj_…}), else {@code fallbackId}.
 */
record AuditEntry(
        String id,
        String action,
        String actorUserId,
        String resourceType,
        String resourceId,
        String fallbackId,
        String requestId,
        List<String> changes,
        Instant occurredAt)
        implements OutboxEntry {

    @Override
    public Map<String, AttributeValue> item(String partitionKey, List<TransactWriteItem> change) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(partitionKey));
        item.put(Keys.SK, AttributeValue.fromS(AuditLog.PREFIX + id));
        item.put("id", AttributeValue.fromS(id));
        item.put("action", AttributeValue.fromS(action));
        if (actorUserId != null) {
            item.put("actorUserId", AttributeValue.fromS(actorUserId));
        }
        item.put("resourceType", AttributeValue.fromS(resourceType));
        String resolved = resourceId != null ? resourceId : createdId(change);
        if (resolved == null) {
            resolved = fallbackId;
        }
        if (resolved != null) {
            item.put("resourceId", AttributeValue.fromS(resolved));
        }
        if (requestId != null) {
            item.put("requestId", AttributeValue.fromS(requestId));
        }
        item.put("occurredAt", AttributeValue.fromS(occurredAt.toString()));
        if (changes != null && !changes.isEmpty()) {
            item.put(
                    "changes",
                    AttributeValue.fromL(
                            changes.stream().map(AttributeValue::fromS).toList()));
        }
        item.put(
                "expiresAt",
                AttributeValue.fromN(Long.toString(
                        occurredAt.plus(Duration.ofDays(AuditLog.KEPT_DAYS)).getEpochSecond())));
        return item;
    }

    /** The id the first created item's sort key ends with, or null. */
    static String createdId(List<TransactWriteItem> change) {
        for (TransactWriteItem write : change) {
            if (write.put() != null && write.put().item().containsKey(Keys.SK)) {
                String sortKey = write.put().item().get(Keys.SK).s();
                String id = sortKey.substring(sortKey.lastIndexOf('#') + 1);
                if (id.contains("_")) {
                    return id;
                }
            }
        }
        return null;
    }
}
