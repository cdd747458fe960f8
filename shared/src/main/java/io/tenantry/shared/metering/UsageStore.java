package io.tenantry.shared.metering;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.aws.AwsClientFactory;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Writes one tenant's usage batch as one DynamoDB transaction:
 *
 * <ol>
 *   <li>a condition that the tenant record exists and is {@code active}, so that usage arriving after its tenant
 *       was offboarded is dropped instead of recreating purged items;
 *   <li>per day, {@code ADD} of the counters to {@code TENANT#<t>#USAGE#<shard>} / {@code DAY#<day>};
 *   <li>with a storage change, {@code ADD} to the tenant's running total ({@code USAGE#STORAGE});
 *   <li>the first time this aggregator instance writes a (tenant, day), the tenant's entry in that day's index;
 *   <li>the batch's marker, {@code TENANT#<t>} / {@code USAGELOG#<marker>}, put on condition that it does not
 *       exist, with a TTL of two days: the same lines delivered again find it and change nothing.
 * </ol>
 */
@Singleton
public final class UsageStore {
    static final String DAY_PREFIX = "DAY#";
    /** A day's set of active users, beside its counters in the same usage shard. */
    static final String ACTIVE_PREFIX = "ACTIVE#";
    /** The attribute prefix of a day's per-route request counts ({@code route:GET /v1/projects}). */
    static final String ROUTE_PREFIX = "route:";
    /** The sort key prefix of a delivered batch's marker, in the tenant's partition. */
    static final String MARKER_PREFIX = "USAGELOG#";
    /** How long a marker is kept: longer than Lambda retries an asynchronous invocation (six hours at most). */
    static final long MARKER_TTL_SECONDS = 2 * 24 * 3600;

    /** How a write ended, and so what the meter does with the batch. */
    enum Outcome {
        /** Applied. */
        WRITTEN,
        /** Applied before: the batch's marker exists (a delivery that came again). */
        ALREADY_APPLIED,
        /** The tenant is not active (offboarded, or has no record): the counts are dropped. */
        TENANT_INACTIVE,
        /** Certainly not applied (a conflict, throttling): the delivery is retried. */
        NOT_APPLIED,
        /** Perhaps applied (a timeout, a 5xx): the delivery is retried, and the marker says whether it was. */
        UNKNOWN,
        /** Refused as invalid: a bug; the delivery fails until it lands in the dead-letter queue. */
        REFUSED
    }

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final Clock clock;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UsageStore.class);

    public UsageStore(
            @Named(AwsClientFactory.FUNCTION_ROLE) DynamoDbClient dynamoDb, TableSettings table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** The result of a write: its outcome and the write capacity units DynamoDB reported, if any. */
    record Result(Outcome outcome, double writeUnits, String detail) {}

    Result write(UsageBatch batch) {
        TenantAccess access = batch.access();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder()
                        .tableName(table.name())
                        .key(key(Keys.partitionOf(access), Keys.TENANT_RECORD))
                        .conditionExpression("attribute_exists(PK) AND #status = :active")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":active", AttributeValue.fromS("active")))
                        .build())
                .build());
        batch.days().forEach((day, counters) -> writes.add(dayUpdate(access, batch.shard(), day, counters)));
        if (batch.storageDeltaBytes() != 0) {
            writes.add(TransactWriteItem.builder()
                    .update(Update.builder()
                            .tableName(table.name())
                            .key(key(Keys.partitionOf(access), Keys.STORAGE_LEVEL))
                            .updateExpression("ADD storageBytes :delta SET tenantId = :tenant")
                            .expressionAttributeValues(Map.of(
                                    ":delta", number(batch.storageDeltaBytes()),
                                    ":tenant", AttributeValue.fromS(batch.tenantId())))
                            .build())
                    .build());
        }
        for (LocalDate day : batch.newIndexDays()) {
            writes.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(table.name())
                            .item(Map.of(
                                    Keys.PK,
                                    AttributeValue.fromS(Keys.usageDayIndexOf(day, batch.tenantId())),
                                    Keys.SK,
                                    AttributeValue.fromS(batch.tenantId()),
                                    "tenantId",
                                    AttributeValue.fromS(batch.tenantId()),
                                    "day",
                                    AttributeValue.fromS(day.toString())))
                            .build())
                    .build());
        }
        writes.add(TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table.name())
                        .item(Map.of(
                                Keys.PK,
                                AttributeValue.fromS(Keys.partitionOf(access)),
                                Keys.SK,
                                AttributeValue.fromS(MARKER_PREFIX + batch.marker()),
                                "lines",
                                number(batch.lines()),
                                "expiresAt",
                                number(clock.instant().getEpochSecond() + MARKER_TTL_SECONDS)))
                        .conditionExpression("attribute_not_exists(PK)")
                        .build())
                .build());
        try {
            var response = dynamoDb.transactWriteItems(
                    b -> b.transactItems(writes).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            double units = response.hasConsumedCapacity()
                    ? response.consumedCapacity().stream()
                            .mapToDouble(c -> c.writeCapacityUnits() != null
                                    ? c.writeCapacityUnits()
                                    : c.capacityUnits() == null ? 0 : c.capacityUnits())
                            .sum()
                    : 0;
            return new Result(Outcome.WRITTEN, units, null);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (!reasons.isEmpty()
                    && "ConditionalCheckFailed".equals(reasons.getFirst().code())) {
                return new Result(Outcome.TENANT_INACTIVE, 0, "the tenant is not active");
            }
            if (reasons.size() == writes.size()
                    && "ConditionalCheckFailed".equals(reasons.getLast().code())) {
                return new Result(Outcome.ALREADY_APPLIED, 0, "the batch's marker exists");
            }
            return new Result(Outcome.NOT_APPLIED, 0, describe(reasons));
        } catch (SdkClientException e) {
            return new Result(Outcome.UNKNOWN, 0, e.getClass().getSimpleName());
        } catch (DynamoDbException e) {
            int status = e.statusCode();
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (status >= 500) {
                return new Result(Outcome.UNKNOWN, 0, code);
            }
            if (status == 400
                    && (code.contains("Throttl")
                            || code.contains("LimitExceeded")
                            || code.contains("TransactionInProgress"))) {
                return new Result(Outcome.NOT_APPLIED, 0, code);
            }
            return new Result(Outcome.REFUSED, 0, code + " " + e.getMessage());
        }
    }

    private TransactWriteItem dayUpdate(TenantAccess access, int shard, LocalDate day, UsageCounters c) {
        StringBuilder add = new StringBuilder("ADD requests :requests, computeMs :computeMs, computeMbMs :computeMbMs,"
                + " storageDeltaBytes :storage, mediaProcessed :media, invoicesRendered :invoices,"
                + " writes :writes, clientErrors :clientErrors, serverErrors :serverErrors");
        Map<String, String> names = new HashMap<>(Map.of("#day", "day"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":requests", number(c.requests),
                ":computeMs", number(c.computeMs),
                ":computeMbMs", number(c.computeMbMs),
                ":storage", number(c.storageDeltaBytes),
                ":media", number(c.mediaProcessed),
                ":invoices", number(c.invoicesRendered),
                ":tenant", AttributeValue.fromS(access.tenantId()),
                ":day", AttributeValue.fromS(day.toString())));
        values.put(":writes", number(c.writes));
        values.put(":clientErrors", number(c.clientErrors));
        values.put(":serverErrors", number(c.serverErrors));
        int i = 0;
        for (Map.Entry<String, Long> route : c.routes.entrySet()) {
            add.append(", #r").append(i).append(" :r").append(i);
            names.put("#r" + i, ROUTE_PREFIX + route.getKey());
            values.put(":r" + i, number(route.getValue()));
            i++;
        }
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table.name())
                        .key(key(Keys.usagePartitionOf(access, shard), DAY_PREFIX + day))
                        .updateExpression(add + " SET tenantId = :tenant, #day = :day")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .build())
                .build();
    }

    /**
     * Adds the batch's users to each day's set of active users ({@code ACTIVE#<day>} in the batch's usage
     * shard): outside the batch's transaction, because a set grows with a tenant's users while the
     * transaction must stay small, and adding to a set twice changes nothing (a delivery that comes again
     * may add again). A failure loses only the activity of these users in this batch, never the usage; it is
     * logged. An item holds about 12,000 user ids (400 KB); past that its day stops growing, so very
     * large tenants see a lower bound (docs/analytics.md).
     */
    void addActiveUsers(UsageBatch batch) {
        batch.days().forEach((day, counters) -> {
            if (counters.users.isEmpty()) {
                return;
            }
            try {
                dynamoDb.updateItem(b -> b.tableName(table.name())
                        .key(key(Keys.usagePartitionOf(batch.access(), batch.shard()), ACTIVE_PREFIX + day))
                        .updateExpression("ADD #users :users SET tenantId = :tenant, #day = :day")
                        .expressionAttributeNames(Map.of("#users", "users", "#day", "day"))
                        .expressionAttributeValues(Map.of(
                                ":users", AttributeValue.fromSs(List.copyOf(counters.users)),
                                ":tenant", AttributeValue.fromS(batch.tenantId()),
                                ":day", AttributeValue.fromS(day.toString()))));
            } catch (RuntimeException e) {
                LOG.warn("Active users of {} on {} not recorded: {}", batch.tenantId(), day, e.toString());
            }
        });
    }

    private static String describe(List<CancellationReason> reasons) {
        return reasons.stream().map(CancellationReason::code).toList().toString();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk));
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
