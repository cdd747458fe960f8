package io.tenantry.shared.data;

import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.id.Ids;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Users and their memberships, across tenants: the identity key spaces {@code EMAIL#<email>} (the
 * user of an address) and {@code USER#<userId>} (one item per membership), found by key, never by
 * scanning. A membership is written twice, in one transaction: in the user's key space and as a
 * member item in the tenant's partition.
 */
@Singleton
public final class UserDirectory {
    private static final String USER_RECORD = "USER";
    private static final String MEMBERSHIP_PREFIX = "MEMBERSHIP#";
    public static final String MEMBER_PREFIX = "MEMBER#";

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final Clock clock;

    public UserDirectory(DynamoDbClient dynamoDb, TableSettings table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** A user as the directory knows it. */
    public record User(String userId, String email, Instant createdAt) {}

    /** A membership of a user, with the tenant's current name and status. */
    public record Membership(String tenantId, String tenantName, String tenantStatus, Role role) {}

    public Optional<User> findUser(String email) {
        var response = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(key(Keys.emailPartition(email), USER_RECORD))
                .consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Item item = new Item(response.item());
        return Optional.of(new User(item.string("userId"), item.string("email"), item.instant("createdAt")));
    }

    /** The user of an address, created on first sight. Two racing first sights agree on one id. */
    public User ensureUser(String email) {
        Optional<User> existing = findUser(email);
        if (existing.isPresent()) {
            return existing.get();
        }
        User user = new User(Ids.userId(), email, Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
        Map<String, AttributeValue> item = new HashMap<>(key(Keys.emailPartition(email), USER_RECORD));
        item.put("userId", AttributeValue.fromS(user.userId()));
        item.put("email", AttributeValue.fromS(email));
        item.put("createdAt", AttributeValue.fromS(user.createdAt().toString()));
        try {
            dynamoDb.putItem(b -> b.tableName(table.name()).item(item).conditionExpression("attribute_not_exists(PK)"));
            return user;
        } catch (ConditionalCheckFailedException e) {
            return findUser(email).orElseThrow(() -> new IllegalStateException("User vanished after a race"));
        }
    }

    /** Every membership of a user, with tenant names read fresh from the tenants' records. */
    public List<Membership> memberships(String userId) {
        List<Item> links = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            var page = dynamoDb.query(b -> b.tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(Keys.userPartition(userId)),
                            ":prefix", AttributeValue.fromS(MEMBERSHIP_PREFIX)))
                    .exclusiveStartKey(exclusiveStart));
            page.items().forEach(i -> links.add(new Item(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        Map<String, Item> tenants =
                tenantRecords(links.stream().map(l -> l.string("tenantId")).toList());
        List<Membership> result = new ArrayList<>();
        for (Item link : links) {
            Item tenant = tenants.get(link.string("tenantId"));
            Optional<Role> role = Role.fromWireName(link.string("role"));
            if (tenant != null && role.isPresent()) {
                result.add(new Membership(
                        link.string("tenantId"), tenant.string("name"), tenant.string("status"), role.get()));
            }
        }
        return result;
    }

    /** The two items of a new membership, for the caller's transaction (with the tenant's own writes). */
    public List<TransactWriteItem> membershipItems(TenantAccess access, User user, Role role) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
        Map<String, AttributeValue> member =
                new HashMap<>(key(Keys.partitionOf(access), MEMBER_PREFIX + user.userId()));
        member.put("userId", AttributeValue.fromS(user.userId()));
        member.put("email", AttributeValue.fromS(user.email()));
        member.put("role", AttributeValue.fromS(role.wireName()));
        member.put("createdAt", AttributeValue.fromS(now));
        member.put(Item.VERSION, AttributeValue.fromN("1"));
        Map<String, AttributeValue> link =
                new HashMap<>(key(Keys.userPartition(user.userId()), MEMBERSHIP_PREFIX + access.tenantId()));
        link.put("tenantId", AttributeValue.fromS(access.tenantId()));
        link.put("role", AttributeValue.fromS(role.wireName()));
        link.put("createdAt", AttributeValue.fromS(now));
        return List.of(conditionalPut(member), conditionalPut(link));
    }

    /** The change of a membership's role on the user's side, for the caller's transaction. */
    public TransactWriteItem membershipRoleUpdate(TenantAccess access, String userId, Role role) {
        return TransactWriteItem.builder()
                .update(software.amazon.awssdk.services.dynamodb.model.Update.builder()
                        .tableName(table.name())
                        .key(key(Keys.userPartition(userId), MEMBERSHIP_PREFIX + access.tenantId()))
                        .updateExpression("SET #role = :role")
                        .expressionAttributeNames(Map.of("#role", "role"))
                        .expressionAttributeValues(Map.of(":role", AttributeValue.fromS(role.wireName())))
                        .build())
                .build();
    }

    /** The removal of a membership on the user's side, for the caller's transaction. */
    public TransactWriteItem membershipDelete(TenantAccess access, String userId) {
        return TransactWriteItem.builder()
                .delete(software.amazon.awssdk.services.dynamodb.model.Delete.builder()
                        .tableName(table.name())
                        .key(key(Keys.userPartition(userId), MEMBERSHIP_PREFIX + access.tenantId()))
                        .build())
                .build();
    }

    private TransactWriteItem conditionalPut(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table.name())
                        .item(item)
                        .conditionExpression("attribute_not_exists(PK)")
                        .build())
                .build();
    }

    private Map<String, Item> tenantRecords(List<String> tenantIds) {
        Map<String, Item> result = new HashMap<>();
        for (int from = 0; from < tenantIds.size(); from += 100) {
            List<Map<String, AttributeValue>> keys =
                    tenantIds.subList(from, Math.min(from + 100, tenantIds.size())).stream()
                            .map(id -> key(Keys.tenantPartition(id), Keys.TENANT_RECORD))
                            .toList();
            Map<String, KeysAndAttributes> request = Map.of(
                    table.name(),
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> current = request;
                var response = dynamoDb.batchGetItem(b -> b.requestItems(current));
                response.responses().getOrDefault(table.name(), List.of()).forEach(i -> {
                    Item item = new Item(i);
                    result.put(item.string("id"), item);
                });
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return result;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk));
    }
}
