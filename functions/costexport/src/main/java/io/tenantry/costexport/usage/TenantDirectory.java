package io.tenantry.costexport.usage;

import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Names, plans and states of tenants, read 100 at a time with {@code BatchGetItem} (one call per 100 tenants, not
 * one per tenant). A purged tenant has no record: its entry is blank.
 */
@Singleton
public final class TenantDirectory {
    static final int BATCH = 100;
    private static final int ATTEMPTS = 8;

    /** What the export shows of a tenant. */
    public record Entry(String name, String plan, boolean deleting, Optional<Instant> deletedAt) {
        static final Entry PURGED = new Entry("", "", false, Optional.empty());
    }

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;

    public TenantDirectory(DynamoDbClient dynamoDb, TableSettings table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The entry of each tenant id, by id. */
    public Map<String, Entry> lookup(List<String> tenantIds) {
        Map<String, Entry> entries = new HashMap<>();
        for (int start = 0; start < tenantIds.size(); start += BATCH) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : tenantIds.subList(start, Math.min(tenantIds.size(), start + BATCH))) {
                keys.add(Map.of(
                        Keys.PK, AttributeValue.fromS(Keys.partitionOf(SystemAccess.forWorker(id))),
                        Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD)));
            }
            read(keys).forEach(raw -> {
                Item item = new Item(raw);
                String id = item.string("id");
                if (id != null) {
                    entries.put(id, entry(item));
                }
            });
        }
        tenantIds.forEach(id -> entries.putIfAbsent(id, Entry.PURGED));
        return entries;
    }

    private List<Map<String, AttributeValue>> read(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Map<String, KeysAndAttributes> pending = Map.of(
                table.name(),
                KeysAndAttributes.builder()
                        .keys(keys)
                        .projectionExpression("id, #name, #plan, #status, deletedAt")
                        .expressionAttributeNames(Map.of("#name", "name", "#plan", "plan", "#status", "status"))
                        .build());
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > ATTEMPTS) {
                throw new IllegalStateException(
                        "DynamoDB left tenant records unprocessed after " + ATTEMPTS + " attempts.");
            }
            if (attempt > 1) {
                pause(attempt);
            }
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(request));
            found.addAll(response.responses().getOrDefault(table.name(), List.of()));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return found;
    }

    private static Entry entry(Item item) {
        Optional<Instant> deletedAt;
        try {
            deletedAt = Optional.ofNullable(item.string("deletedAt")).map(Instant::parse);
        } catch (DateTimeParseException e) {
            deletedAt = Optional.empty();
        }
        return new Entry(
                item.string("name") == null ? "" : item.string("name"),
                item.string("plan") == null ? "" : item.string("plan"),
                "deleting".equals(item.string("status")),
                deletedAt);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1_000L, 25L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading tenant records.", e);
        }
    }
}
