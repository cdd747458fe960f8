package io.tenantry.costexport.usage;

import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.data.BatchGets;
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

/**
 * Names, plans and states of tenants, read 100 at a time with {@code BatchGetItem} ({@link BatchGets}: one call per
 * 100 tenants, not one per tenant). A purged tenant has no record: its entry is blank.
 */
@Singleton
public final class TenantDirectory {
    private static final long FIRST_BACKOFF_MILLIS = 25;

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
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String id : tenantIds) {
            keys.add(Map.of(
                    Keys.PK, AttributeValue.fromS(Keys.partitionOf(SystemAccess.forWorker(id))),
                    Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD)));
        }
        Map<String, Entry> entries = new HashMap<>();
        for (Map<String, AttributeValue> raw : read(keys)) {
            Item item = new Item(raw);
            String id = item.string("id");
            if (id != null) {
                entries.put(id, entry(item));
            }
        }
        tenantIds.forEach(id -> entries.putIfAbsent(id, Entry.PURGED));
        return entries;
    }

    private List<Map<String, AttributeValue>> read(List<Map<String, AttributeValue>> keys) {
        return new BatchGets(dynamoDb, table.name(), FIRST_BACKOFF_MILLIS)
                .read(
                        keys,
                        b -> b.projectionExpression("id, #name, #plan, #status, deletedAt")
                                .expressionAttributeNames(
                                        Map.of("#name", "name", "#plan", "plan", "#status", "status")));
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
}
