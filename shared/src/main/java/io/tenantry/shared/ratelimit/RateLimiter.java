package io.tenantry.shared.ratelimit;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.plan.PlanLimits;
import io.tenantry.shared.problem.TooManyRequestsException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The per-tenant request rate of the tenant's plan, shared by every function and every instance: a
 * token bucket in DynamoDB (rate = the plan's requests per second, capacity = twice that) from which
 * each instance leases a tenth of a second's worth of tokens at a time, so a request costs DynamoDB
 * a write only once per lease. Leases last one second; tokens not used by then are dropped, so the
 * limiter never admits more than the bucket held. See docs/rate-limits.md.
 */
@Singleton
public final class RateLimiter {
    static final long LEASE_MILLIS = 1_000;
    static final int MAX_ATTEMPTS = 5;

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final TenantPlans plans;
    private final Clock clock;
    private final boolean enabled;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    public RateLimiter(
            DynamoDbClient dynamoDb,
            TableSettings table,
            TenantPlans plans,
            Clock clock,
            @Value("${tenantry.rate-limit.enabled:true}") boolean enabled) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.plans = plans;
        this.clock = clock;
        this.enabled = enabled;
    }

    /** Tokens this instance holds for a tenant until {@code expiresAt}. */
    private static final class Lease {
        int remaining;
        long expiresAt;
        /** The bucket as this instance last wrote it, to write the next state without reading first. */
        long bucketMilliTokens = -1;

        long bucketUpdatedAt;

        /** The bucket's write counter as last seen; every write increments it (the optimistic lock). */
        long bucketSeq;
    }

    /** Admits one request of the tenant, or throws a 429 with the seconds until a token is due. */
    public void acquire(TenantAccess access) {
        if (!enabled) {
            return;
        }
        Lease lease = leases.computeIfAbsent(access.tenantId(), id -> new Lease());
        synchronized (lease) {
            long now = clock.millis();
            if (lease.remaining > 0 && lease.expiresAt > now) {
                lease.remaining--;
                return;
            }
            PlanLimits limits = PlanLimits.of(plans.planOf(access));
            int wanted = Math.max(1, limits.requestsPerSecond() / 10);
            int granted = lease(access, lease, limits, wanted, now);
            lease.remaining = granted - 1;
            lease.expiresAt = now + LEASE_MILLIS;
        }
    }

    /** Takes up to {@code wanted} tokens from the shared bucket; at least one, or a 429. */
    private int lease(TenantAccess access, Lease lease, PlanLimits limits, int wanted, long now) {
        long capacity = limits.burst() * 1000L;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            boolean fresh = lease.bucketMilliTokens < 0;
            long elapsed = fresh ? 0 : Math.max(0, now - lease.bucketUpdatedAt);
            long available = fresh
                    ? capacity
                    : Math.min(capacity, lease.bucketMilliTokens + elapsed * limits.requestsPerSecond());
            long tokens = Math.min(wanted, available / 1000);
            if (tokens < 1) {
                long missing = 1000 - available;
                long seconds = (long) Math.ceil(missing / (double) (limits.requestsPerSecond() * 1000L));
                throw new TooManyRequestsException(Math.max(1, seconds));
            }
            long left = available - tokens * 1000;
            if (write(access, lease, fresh, left, now)) {
                return (int) tokens;
            }
        }
        throw new TooManyRequestsException(1);
    }

    /**
     * Writes the bucket's new state, on condition that it is still what this instance last saw. On
     * a lost race the bucket's current state comes back with the failure, and the caller retries.
     */
    private boolean write(TenantAccess access, Lease lease, boolean fresh, long milliTokens, long now) {
        Map<String, AttributeValue> key = Map.of(
                Keys.PK, AttributeValue.fromS(Keys.rateBucketOf(access)), Keys.SK, AttributeValue.fromS("BUCKET"));
        Map<String, AttributeValue> values = new HashMap<>();
        long nextSeq = fresh ? 1 : lease.bucketSeq + 1;
        values.put(":tokens", number(milliTokens));
        values.put(":now", number(now));
        values.put(":next", number(nextSeq));
        String condition;
        if (fresh) {
            condition = "attribute_not_exists(PK)";
        } else {
            condition = "seq = :seen";
            values.put(":seen", number(lease.bucketSeq));
        }
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(key)
                    .updateExpression("SET milliTokens = :tokens, updatedAt = :now, seq = :next")
                    .conditionExpression(condition)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            lease.bucketMilliTokens = milliTokens;
            lease.bucketUpdatedAt = now;
            lease.bucketSeq = nextSeq;
            return true;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> current = e.hasItem() ? e.item() : read(key);
            lease.bucketMilliTokens = Long.parseLong(current.get("milliTokens").n());
            lease.bucketUpdatedAt = Long.parseLong(current.get("updatedAt").n());
            lease.bucketSeq = Long.parseLong(current.get("seq").n());
            return false;
        }
    }

    private Map<String, AttributeValue> read(Map<String, AttributeValue> key) {
        return dynamoDb.getItem(b -> b.tableName(table.name()).key(key).consistentRead(true))
                .item();
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
