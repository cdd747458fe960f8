package io.tenantry.tenants.repository;

import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.ratelimit.RateLimiter;
import io.tenantry.tenants.model.Tenant;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Tenant records in the single table: partition {@code TENANT#<id>}, sort key {@code TENANT}. */
@Singleton
public class DynamoTenantRepository implements TenantRepository {
    private final DynamoDbClient dynamoDb;
    private final TenantItems items;
    private final UserDirectory directory;
    private final Clock clock;

    private final RateLimiter limiter;

    public DynamoTenantRepository(
            DynamoDbClient dynamoDb, TenantItems items, UserDirectory directory, RateLimiter limiter, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.items = items;
        this.directory = directory;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public Tenant create(TenantAccess access, String name, Plan plan, String ownerEmail, long signUpSeq) {
        String createdAt = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("id", AttributeValue.fromS(access.tenantId()));
        attributes.put("name", AttributeValue.fromS(name));
        attributes.put("plan", AttributeValue.fromS(plan.wireName()));
        attributes.put("status", AttributeValue.fromS(Tenant.ACTIVE));
        attributes.put(Keys.OWNER_COUNT, AttributeValue.fromN("1"));
        attributes.put(Keys.MEMBER_COUNT, AttributeValue.fromN("1"));
        attributes.put("createdBy", AttributeValue.fromS(access.userId()));
        attributes.put("createdAt", AttributeValue.fromS(createdAt));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(items.createInTransaction(access, Keys.TENANT_RECORD, attributes));
        writes.addAll(directory.membershipItems(access, access.userId(), ownerEmail, Role.OWNER, null));
        writes.add(directory.signUpSeqAdvance(access.userId(), signUpSeq));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            throw new StaleVersionException("Another sign-up of the user went first.");
        }
        return new Tenant(access.tenantId(), name, plan.wireName(), Tenant.ACTIVE, createdAt, 1);
    }

    @Override
    public Optional<Tenant> find(TenantAccess access) {
        return items.get(access, Keys.TENANT_RECORD).map(DynamoTenantRepository::toTenant);
    }

    @Override
    public Tenant update(TenantAccess access, long expectedVersion, Optional<String> name, Optional<Plan> plan) {
        Map<String, AttributeValue> changes = new LinkedHashMap<>();
        name.ifPresent(n -> changes.put("name", AttributeValue.fromS(n)));
        plan.ifPresent(p -> changes.put("plan", AttributeValue.fromS(p.wireName())));
        return toTenant(items.update(access, Keys.TENANT_RECORD, expectedVersion, changes));
    }

    @Override
    public Tenant markDeleting(TenantAccess access, long expectedVersion, String now) {
        List<TransactWriteItem> writes = List.of(
                items.updateInTransaction(
                        access,
                        Keys.TENANT_RECORD,
                        "SET #status = :deleting, deletedAt = :now, deletionRequestedBy = :by, #version = :next",
                        "attribute_exists(PK) AND #version = :expected AND #status = :active",
                        Map.of("#status", "status", "#version", Item.VERSION),
                        Map.of(
                                ":deleting", AttributeValue.fromS(Tenant.DELETING),
                                ":active", AttributeValue.fromS(Tenant.ACTIVE),
                                ":now", AttributeValue.fromS(now),
                                ":by", AttributeValue.fromS(access.userId() == null ? "" : access.userId()),
                                ":expected", AttributeValue.fromN(Long.toString(expectedVersion)),
                                ":next", AttributeValue.fromN(Long.toString(expectedVersion + 1)))),
                limiter.closeInTransaction(access, Instant.parse(now).toEpochMilli()));
        try {
            items.transact(access, writes);
        } catch (TransactionCanceledException e) {
            throw new StaleVersionException("The tenant changed or is no longer active.");
        }
        return find(access).orElseThrow(() -> new StaleVersionException("The tenant vanished."));
    }

    private static Tenant toTenant(Item item) {
        return new Tenant(
                item.string("id"),
                item.string("name"),
                item.string("plan"),
                item.string("status"),
                item.string("createdAt"),
                item.version());
    }
}
