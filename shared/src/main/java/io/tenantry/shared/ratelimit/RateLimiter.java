package io.tenantry.shared.ratelimit;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.aws.AwsClientFactory;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.plan.PlanLimits;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.problem.TooManyRequestsException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The per-tenant request rate of the tenant's plan, shared by every function and every instance: a
 * token bucket in DynamoDB (rate = the plan's requests per second, capacity = twice that) from which
 * each instance leases a tenth of a second's worth of tokens at a time, so a request costs DynamoDB
 * a write only once per lease (and an instance's first lease of a tenant one consistent read before
 * it). Leases last one second; tokens not used by then are dropped, so the limiter never admits more
 * than the bucket held. See docs/rate-limits.md.
 *
 * <p>The bucket also carries a tenant's closure: offboarding marks it {@code closed}, every bucket
 * write requires it not to be, and the failure answers 404. So a deleted tenant's tokens stop on every
 * route without a read per request (within a lease, at most a second, in other instances).
 */
@Singleton
public final class RateLimiter {
    static final long LEASE_MILLIS = 1_000;
    static final int MAX_ATTEMPTS = 5;
    /** The bucket attribute that offboarding sets: the tenant's tokens answer 404 from then on. */
    public static final String CLOSED = "closed";
    /** The sort key of a purged tenant's deletion receipt, in {@code DELETION#<tenantId>}. */
    public static final String DELETION_RECEIPT = "RECEIPT";

    /** How long an instance remembers a tenant as closed (a closed bucket is never reopened). */
    static final long CLOSED_MEMORY_MILLIS = 60_000;

    /**
     * Every write also names itself ({@code writeId}, fresh per write): a write whose answer is lost (a timeout) is sent
     * again by the SDK, fails its own condition against itself, and is known as landed by its id, not taken for a lost
     * race (which would spend its tokens twice).
     */
    private static final String UPDATE = "SET milliTokens = :tokens, updatedAt = :now, seq = :next, writeId = :id";

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final TenantPlans plans;
    private final Clock clock;
    private final boolean enabled;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    public RateLimiter(
            @Named(AwsClientFactory.FUNCTION_ROLE) DynamoDbClient dynamoDb,
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

        /** Until when this instance answers 404 without asking the bucket again (a closed tenant). */
        long closedUntil;
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
            if (lease.closedUntil > now) {
                throw tenantClosed();
            }
            PlanLimits limits = PlanLimits.of(plans.planOf(access));
            int wanted = Math.max(1, limits.requestsPerSecond() / 10);
            int granted;
            try {
                granted = lease(access, lease, limits, wanted, now);
            } catch (NotFoundException e) {
                // A closed tenant stays closed: answer its tokens from memory for a while.
                lease.closedUntil = now + CLOSED_MEMORY_MILLIS;
                throw e;
            }
            lease.remaining = granted - 1;
            lease.expiresAt = now + LEASE_MILLIS;
        }
    }

    /** Takes up to {@code wanted} tokens from the shared bucket; at least one, or a 429. */
    private int lease(TenantAccess access, Lease lease, PlanLimits limits, int wanted, long now) {
        long capacity = limits.burst() * 1000L;
        if (lease.bucketMilliTokens < 0) {
            Map<String, AttributeValue> current = read(bucketKey(access));
            if (!current.isEmpty()) {
                lostRace(lease, current); // not a race: this instance learns the bucket's state, or that it is closed
            }
        }
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
     * Writes the bucket's new state, on condition that it is still what this instance last saw and
     * that the tenant is not closed. On a lost race the bucket's current state comes back with the
     * failure, and the caller retries. A closed bucket (the tenant is being offboarded) or one that
     * vanished (the tenant was purged) answers 404, as for a tenant that does not exist.
     */
    private boolean write(TenantAccess access, Lease lease, boolean fresh, long milliTokens, long now) {
        Map<String, AttributeValue> key = bucketKey(access);
        Map<String, AttributeValue> values = new HashMap<>();
        long nextSeq = fresh ? 1 : lease.bucketSeq + 1;
        values.put(":tokens", number(milliTokens));
        values.put(":now", number(now));
        values.put(":next", number(nextSeq));
        // Made per write, after any snapshot was taken: no two instances restored from one snapshot share it.
        values.put(":id", AttributeValue.fromS(UUID.randomUUID().toString()));
        if (fresh) {
            return writeFirst(access, lease, key, values, milliTokens, now);
        }
        values.put(":seen", number(lease.bucketSeq));
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(key)
                    .updateExpression(UPDATE)
                    .conditionExpression("seq = :seen AND attribute_not_exists(closed)")
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> current = e.hasItem() ? e.item() : Map.of();
            if (!isOwnWrite(current, values)) {
                // A condition failure without an item means the bucket is gone: only a purge removes it.
                lostRace(lease, current);
                return false;
            }
        }
        lease.bucketMilliTokens = milliTokens;
        lease.bucketUpdatedAt = now;
        lease.bucketSeq = nextSeq;
        return true;
    }

    /**
     * Creates a tenant's bucket, which this instance found absent, in a transaction with a check that
     * the tenant has no deletion receipt: once a purge has begun (and removed the bucket), a token of
     * the departed tenant cannot create a new one. An instance's first lease of a tenant reads the
     * bucket first (one consistent read), so this transaction runs only for a tenant's very first
     * request, or after a purge (when it fails); every other lease is a single conditional update.
     */
    private boolean writeFirst(
            TenantAccess access,
            Lease lease,
            Map<String, AttributeValue> key,
            Map<String, AttributeValue> values,
            long milliTokens,
            long now) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder()
                        .conditionCheck(ConditionCheck.builder()
                                .tableName(table.name())
                                .key(Map.of(
                                        Keys.PK, AttributeValue.fromS(Keys.deletionPartitionOf(access.tenantId())),
                                        Keys.SK, AttributeValue.fromS(DELETION_RECEIPT)))
                                .conditionExpression("attribute_not_exists(PK)")
                                .build())
                        .build(),
                TransactWriteItem.builder()
                        .update(Update.builder()
                                .tableName(table.name())
                                .key(key)
                                .updateExpression(UPDATE)
                                .conditionExpression("attribute_not_exists(PK)")
                                .expressionAttributeValues(values)
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build())
                        .build());
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (reasons.size() > 0
                    && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                throw tenantClosed();
            }
            if (reasons.size() < 2
                    || !"ConditionalCheckFailed".equals(reasons.get(1).code())) {
                return false; // a conflict with another first write: try again, still fresh
            }
            Map<String, AttributeValue> current =
                    reasons.get(1).hasItem() ? reasons.get(1).item() : read(key);
            if (!isOwnWrite(current, values)) {
                lostRace(lease, current);
                return false;
            }
        }
        lease.bucketMilliTokens = milliTokens;
        lease.bucketUpdatedAt = now;
        lease.bucketSeq = 1;
        return true;
    }

    /**
     * Whether the bucket holds this very write: one that landed though its answer was lost (a timeout), whose retry by
     * the SDK then failed its own condition. A closed bucket is never taken as one (offboarding may have closed it
     * since: the next lease learns so).
     */
    private static boolean isOwnWrite(Map<String, AttributeValue> current, Map<String, AttributeValue> values) {
        return !current.containsKey(CLOSED) && values.get(":id").equals(current.get("writeId"));
    }

    /** Takes the bucket's current state (after a lost race, or as first read); 404 when it is closed or gone. */
    private static void lostRace(Lease lease, Map<String, AttributeValue> current) {
        if (current.isEmpty() || current.containsKey(CLOSED) || !current.containsKey("seq")) {
            throw tenantClosed();
        }
        lease.bucketMilliTokens = Long.parseLong(current.get("milliTokens").n());
        lease.bucketUpdatedAt = Long.parseLong(current.get("updatedAt").n());
        lease.bucketSeq = Long.parseLong(current.get("seq").n());
    }

    /**
     * Forgets this instance's lease of a tenant, so that its next request goes to the shared bucket.
     * Offboarding calls it once the bucket is closed: in this instance the tenant's tokens stop at
     * once, in others when their lease runs out (at most {@value #LEASE_MILLIS} ms).
     */
    public void forget(TenantAccess access) {
        leases.remove(access.tenantId());
    }

    /**
     * The update that closes a tenant's bucket, for offboarding's transaction: every later lease of
     * any instance fails its condition and answers 404.
     */
    public TransactWriteItem closeInTransaction(TenantAccess access, long now) {
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table.name())
                        .key(bucketKey(access))
                        .updateExpression("SET #closed = :true, closedAt = :now")
                        .expressionAttributeNames(Map.of("#closed", CLOSED))
                        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":now", number(now)))
                        .build())
                .build();
    }

    private static Map<String, AttributeValue> bucketKey(TenantAccess access) {
        return Map.of(
                Keys.PK, AttributeValue.fromS(Keys.rateBucketOf(access)), Keys.SK, AttributeValue.fromS("BUCKET"));
    }

    private static NotFoundException tenantClosed() {
        return new NotFoundException("There is no such tenant.");
    }

    private Map<String, AttributeValue> read(Map<String, AttributeValue> key) {
        return dynamoDb.getItem(b -> b.tableName(table.name()).key(key).consistentRead(true))
                .item();
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
