package io.tenantry.tenants.purge;

import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.ratelimit.RateLimiter;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Deletion receipts, outside every tenant's key space: {@code DELETION#<tenantId>} / {@code RECEIPT}.
 * Written when a purge begins (so that, from then on, no token of the tenant can open a new rate
 * bucket), counted up batch by batch in the same transactions that delete, and completed at the end:
 * when the owner asked, when the purge started and ended, and how many items of each kind, membership
 * links, objects and bytes were removed. No names, no e-mail addresses.
 */
@Singleton
public class DeletionReceipts {
    public static final String PURGING = "purging";
    public static final String PURGED = "purged";

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;

    public DeletionReceipts(DynamoDbClient dynamoDb, TableSettings table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** A receipt as stored. */
    public record Receipt(
            String tenantId,
            String state,
            String requestedAt,
            String requestedBy,
            String startedAt,
            String completedAt,
            String sweptAt,
            boolean usageArchived,
            long usageDays,
            Map<String, Long> items,
            long membershipLinks,
            Map<String, Long> objects,
            long objectBytes) {}

    public Optional<Receipt> find(String tenantId) {
        var response = dynamoDb.getItem(
                b -> b.tableName(table.name()).key(key(tenantId)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Item item = new Item(response.item());
        return Optional.of(new Receipt(
                item.string("tenantId"),
                item.string("state"),
                item.string("requestedAt"),
                item.string("requestedBy"),
                item.string("startedAt"),
                item.string("completedAt"),
                item.string("sweptAt"),
                Boolean.TRUE.equals(response.item()
                        .getOrDefault("usageArchived", AttributeValue.fromBool(false))
                        .bool()),
                item.number("usageDays"),
                counts(response.item().get("items")),
                item.number("membershipLinks"),
                counts(response.item().get("objects")),
                item.number("objectBytes")));
    }

    /** Starts the receipt; false when one exists already (a resumed purge). */
    public boolean start(String tenantId, String requestedAt, String requestedBy, String now) {
        Map<String, AttributeValue> item = new HashMap<>(key(tenantId));
        item.put("tenantId", AttributeValue.fromS(tenantId));
        item.put("state", AttributeValue.fromS(PURGING));
        item.put("requestedAt", AttributeValue.fromS(requestedAt));
        if (requestedBy != null && !requestedBy.isEmpty()) {
            // Who asked for the offboarding: the audit trail of it that survives the purge (docs/audit.md).
            item.put("requestedBy", AttributeValue.fromS(requestedBy));
        }
        item.put("startedAt", AttributeValue.fromS(now));
        item.put("usageArchived", AttributeValue.fromBool(false));
        item.put("usageDays", AttributeValue.fromN("0"));
        item.put("items", AttributeValue.fromM(Map.of()));
        item.put("membershipLinks", AttributeValue.fromN("0"));
        item.put("objects", AttributeValue.fromM(Map.of()));
        item.put("objectBytes", AttributeValue.fromN("0"));
        try {
            dynamoDb.putItem(b -> b.tableName(table.name()).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void usageArchived(String tenantId, int days) {
        update(
                tenantId,
                "SET usageArchived = :true, usageDays = :days",
                Map.of(),
                Map.of(":true", AttributeValue.fromBool(true), ":days", AttributeValue.fromN(Integer.toString(days))));
    }

    /** The receipt's count-up for one deletion batch, to commit in the batch's own transaction. */
    public TransactWriteItem countItems(String tenantId, Map<String, Long> byKind, long membershipLinks) {
        StringBuilder expression = new StringBuilder("SET ");
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#items", "items");
        values.put(":zero", AttributeValue.fromN("0"));
        int i = 0;
        for (var kind : byKind.entrySet()) {
            if (i > 0) {
                expression.append(", ");
            }
            expression
                    .append("#items.#k")
                    .append(i)
                    .append(" = if_not_exists(#items.#k")
                    .append(i)
                    .append(", :zero) + :n")
                    .append(i);
            names.put("#k" + i, kind.getKey());
            values.put(":n" + i, AttributeValue.fromN(Long.toString(kind.getValue())));
            i++;
        }
        expression.append(" ADD membershipLinks :links");
        values.put(":links", AttributeValue.fromN(Long.toString(membershipLinks)));
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table.name())
                        .key(key(tenantId))
                        .updateExpression(expression.toString())
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .build())
                .build();
    }

    public void countObjects(String tenantId, String bucket, long objects, long bytes) {
        update(
                tenantId,
                "SET #objects.#bucket = if_not_exists(#objects.#bucket, :zero) + :n ADD objectBytes :bytes",
                Map.of("#objects", "objects", "#bucket", bucket),
                Map.of(
                        ":zero", AttributeValue.fromN("0"),
                        ":n", AttributeValue.fromN(Long.toString(objects)),
                        ":bytes", AttributeValue.fromN(Long.toString(bytes))));
    }

    public void complete(String tenantId, String now) {
        update(
                tenantId,
                "SET #state = :purged, completedAt = :now",
                Map.of("#state", "state"),
                Map.of(":purged", AttributeValue.fromS(PURGED), ":now", AttributeValue.fromS(now)));
    }

    public void swept(String tenantId, String now) {
        update(tenantId, "SET sweptAt = :now", Map.of(), Map.of(":now", AttributeValue.fromS(now)));
    }

    private void update(
            String tenantId, String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        dynamoDb.updateItem(b -> b.tableName(table.name())
                .key(key(tenantId))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values));
    }

    private static Map<String, Long> counts(AttributeValue value) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((k, v) -> counts.put(k, v.n() == null ? 0 : Long.parseLong(v.n())));
        }
        return counts;
    }

    static Map<String, AttributeValue> key(String tenantId) {
        return Map.of(
                Keys.PK, AttributeValue.fromS(Keys.deletionPartitionOf(tenantId)),
                Keys.SK, AttributeValue.fromS(RateLimiter.DELETION_RECEIPT));
    }
}
