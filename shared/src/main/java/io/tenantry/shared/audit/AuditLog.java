package io.tenantry.shared.audit;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.id.Ids;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The tenant's audit trail: one item per change, {@code AUDIT#<aud_ULID>} in the tenant's partition (so ids sort
 * by time and the newest come first on a reverse query), kept {@value #KEPT_DAYS} days by the table's TTL and purged
 * with the tenant. Written with the caller's tenant-scoped credentials, like the change itself.
 */
@Singleton
public class AuditLog {
    static final String PREFIX = "AUDIT#";
    static final int KEPT_DAYS = 365;
    /** Items a filtered listing reads at most for one page, so a rare action cannot make one call scan the trail. */
    static final int MAX_SCANNED = 1_000;

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final Clock clock;

    public AuditLog(DynamoDbClient dynamoDb, TableSettings table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** A page of events, newest first, and the id to continue after (null at the end). */
    public record Page(List<AuditEvent> events, String lastId) {}

    /** Records one change alone, outside its transaction; its id. */
    public String record(
            TenantAccess access,
            String action,
            String actorUserId,
            AuditEvent.Resource resource,
            String requestId,
            List<String> changes) {
        AuditEntry entry = entry(access, action, actorUserId, resource.type(), resource.id(), null, requestId, changes);
        Map<String, AttributeValue> item = entry.item(Keys.partitionOf(access), List.of());
        dynamoDb.putItem(b -> b.tableName(table.name()).item(item).conditionExpression("attribute_not_exists(PK)"));
        return entry.id();
    }

    /**
     * The event of a change about to be made, to be written in the change's own transaction ({@link
     * io.tenantry.shared.data.Outbox}); a null {@code resourceId} is the id of the item the change creates, else
     * {@code fallbackId}.
     */
    AuditEntry entry(
            TenantAccess access,
            String action,
            String actorUserId,
            String resourceType,
            String resourceId,
            String fallbackId,
            String requestId,
            List<String> changes) {
        return new AuditEntry(
                Ids.auditEventId(),
                action,
                actorUserId,
                resourceType,
                resourceId,
                fallbackId,
                requestId,
                changes,
                clock.instant());
    }

    /**
     * The tenant's events newest first, after {@code afterId} when given, with only those of {@code action} and of
     * {@code actorUserId} when given; at most {@code limit}. A filtered page reads at most {@value #MAX_SCANNED}
     * items and may come back short with a continuation id.
     */
    public Page list(
            TenantAccess access,
            Optional<String> action,
            Optional<String> actorUserId,
            Optional<String> afterId,
            int limit) {
        List<AuditEvent> found = new ArrayList<>();
        Map<String, AttributeValue> start = afterId.map(id -> Map.of(
                        Keys.PK, AttributeValue.fromS(Keys.partitionOf(access)),
                        Keys.SK, AttributeValue.fromS(PREFIX + id)))
                .orElse(null);
        int scanned = 0;
        String lastSeen = null;
        while (found.size() < limit && scanned < MAX_SCANNED) {
            Map<String, AttributeValue> from = start;
            int want = action.isPresent() || actorUserId.isPresent() ? 100 : limit - found.size();
            QueryResponse page = dynamoDb.query(b -> b.tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(Keys.partitionOf(access)),
                            ":prefix", AttributeValue.fromS(PREFIX)))
                    .exclusiveStartKey(from)
                    .scanIndexForward(false)
                    .limit(want));
            for (Map<String, AttributeValue> raw : page.items()) {
                scanned++;
                lastSeen = raw.get("id").s();
                AuditEvent event = toEvent(raw);
                if (action.map(a -> a.equals(event.action())).orElse(true)
                        && actorUserId.map(a -> a.equals(event.actorUserId())).orElse(true)) {
                    found.add(event);
                    if (found.size() == limit) {
                        break;
                    }
                }
            }
            boolean more =
                    page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
            if (found.size() == limit) {
                return new Page(found, more || !lastSeen.equals(lastIdOf(page)) ? lastSeen : null);
            }
            if (!more) {
                return new Page(found, null);
            }
            start = page.lastEvaluatedKey();
        }
        return new Page(found, lastSeen);
    }

    private static String lastIdOf(QueryResponse page) {
        return page.items().isEmpty() ? null : page.items().getLast().get("id").s();
    }

    private static AuditEvent toEvent(Map<String, AttributeValue> raw) {
        return new AuditEvent(
                raw.get("id").s(),
                raw.get("action").s(),
                text(raw, "actorUserId"),
                new AuditEvent.Resource(text(raw, "resourceType"), text(raw, "resourceId")),
                text(raw, "requestId"),
                text(raw, "occurredAt"),
                raw.containsKey("changes")
                        ? raw.get("changes").l().stream().map(AttributeValue::s).toList()
                        : null);
    }

    private static String text(Map<String, AttributeValue> raw, String name) {
        AttributeValue value = raw.get(name);
        return value == null ? null : value.s();
    }
}
