package io.tenantry.shared.data;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.aws.TenantScope;
import io.tenantry.shared.plan.Plan;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plan of a tenant, read from its record and kept for 4 seconds per function instance (the
 * {@link MembershipGate} hands over the plan it reads with every admitted request's membership), so a
 * plan change reaches every instance within 5 seconds. A tenant without a record counts as free.
 */
@Singleton
public final class TenantPlans {
    static final long TTL_MILLIS = 4_000;

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final TenantScope scope;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public TenantPlans(DynamoDbClient dynamoDb, TableSettings table, TenantScope scope, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.scope = scope;
        this.table = table;
        this.clock = clock;
    }

    private record Cached(Plan plan, long expiresAt) {}

    /** Keeps a plan just read with a tenant's record. */
    void remember(String tenantId, Plan plan) {
        cache.put(tenantId, new Cached(plan, clock.millis() + TTL_MILLIS));
    }

    /**
     * The plan this instance last read for the tenant, however long ago; empty when it has read none.
     * Never reads (metrics label a request with it after the request).
     */
    public Optional<Plan> lastKnown(String tenantId) {
        Cached cached = tenantId == null ? null : cache.get(tenantId);
        return cached == null ? Optional.empty() : Optional.of(cached.plan());
    }

    public Plan planOf(TenantAccess access) {
        long now = clock.millis();
        Cached cached = cache.get(access.tenantId());
        if (cached != null && cached.expiresAt() > now) {
            return cached.plan();
        }
        var response = scope.call(
                access.tenantId(),
                TenantScope.Access.READ_ONLY,
                () -> dynamoDb.getItem(b -> b.tableName(table.name())
                        .key(Map.of(
                                Keys.PK, AttributeValue.fromS(Keys.partitionOf(access)),
                                Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD)))
                        .consistentRead(true)
                        .projectionExpression("#plan")
                        .expressionAttributeNames(Map.of("#plan", "plan"))));
        Plan plan = response.hasItem() && response.item().containsKey("plan")
                ? Plan.fromWireName(response.item().get("plan").s()).orElse(Plan.FREE)
                : Plan.FREE;
        cache.put(access.tenantId(), new Cached(plan, now + TTL_MILLIS));
        return plan;
    }
}
