package io.tenantry.shared.metering;

import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads metered usage back, without scanning the table:
 *
 * <ul>
 *   <li>{@link #daily} — one tenant's usage per day over a period (the {@code GET /v1/usage} view and
 *       what invoices are computed from): one query per usage shard, plus the storage total;
 *   <li>{@link #activeTenants} — every tenant with usage in a period, live ones from the per-day
 *       index ({@code USAGEDAY#<day>#<shard>}) and purged ones, flagged, from the deletion index
 *       ({@code DELETION#MONTH#<yyyy-mm>}), page by page;
 *   <li>{@link #usage(LocalDate, LocalDate)} — both together, tenant by tenant, for the cost export.
 * </ul>
 *
 * Stored bytes are a level, not a count: each day's counters hold the net change, the tenant's
 * running total holds the current level, and the level at the end of day {@code d} is the current
 * level less the changes recorded after {@code d}. Days after today have no usage (every number 0).
 * Counts still held in memory by function instances (at most one flush interval's worth) are not
 * visible yet. See docs/metering.md.
 */
@Singleton
public final class UsageReader {
    static final String ARCHIVE_PREFIX = "USAGE#";

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final Clock clock;

    public UsageReader(DynamoDbClient dynamoDb, TableSettings table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** Today in UTC, by this reader's clock. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The tenant's usage on every day from {@code from} to {@code to}, both included, in date order. */
    public List<DailyUsage> daily(TenantAccess access, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        LocalDate today = today();
        // Changes after `to`, up to today, are read too: the storage level walks back from its current value.
        Map<LocalDate, UsageCounters> recorded = from.isAfter(today) ? Map.of() : counters(access, from, today);
        long level = storageLevel(access);
        Map<LocalDate, Long> levels = levelsBackwards(recorded, level, from, today);
        List<DailyUsage> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            if (day.isAfter(today)) {
                days.add(DailyUsage.empty(day, 0));
                continue;
            }
            UsageCounters c = recorded.get(day);
            long storage = Math.max(0, levels.getOrDefault(day, level));
            days.add(
                    c == null
                            ? DailyUsage.empty(day, storage)
                            : new DailyUsage(
                                    day,
                                    c.requests,
                                    c.computeMs,
                                    c.computeMbMs,
                                    storage,
                                    c.mediaProcessed,
                                    c.invoicesRendered));
        }
        return days;
    }

    /**
     * Every day on which the tenant has recorded usage, in date order, with the storage level at the
     * end of each: what the purge keeps of a departing tenant for finance.
     */
    public List<DailyUsage> recorded(TenantAccess access) {
        Map<LocalDate, UsageCounters> recorded = counters(access, LocalDate.of(1970, 1, 1), LocalDate.of(9999, 12, 31));
        if (recorded.isEmpty()) {
            return List.of();
        }
        long level = storageLevel(access);
        LocalDate first = recorded.keySet().iterator().next();
        Map<LocalDate, Long> levels = levelsBackwards(recorded, level, first, today());
        List<DailyUsage> days = new ArrayList<>();
        recorded.forEach((day, c) -> days.add(new DailyUsage(
                day,
                c.requests,
                c.computeMs,
                c.computeMbMs,
                Math.max(0, levels.getOrDefault(day, level)),
                c.mediaProcessed,
                c.invoicesRendered)));
        return days;
    }

    /**
     * Every tenant with usage on a day of the period, each once, in the order the indexes hold them;
     * purged tenants are flagged {@code deleted}. Reads the index a page at a time as the stream is
     * consumed: one query per day and index shard, one per month for purged tenants.
     */
    public Stream<ActiveTenant> activeTenants(LocalDate from, LocalDate to) {
        Iterator<ActiveTenant> iterator = new Iterator<>() {
            private final Map<String, Boolean> seen = new LinkedHashMap<>();
            private final List<ActiveTenant> buffer = new ArrayList<>();
            private final Iterator<ActiveTenant> deleted =
                    deletedTenants(from, to).iterator();
            private LocalDate day = from;
            private int shard = 0;
            private Map<String, AttributeValue> start = null;
            private boolean liveDone = false;

            @Override
            public boolean hasNext() {
                fill();
                return !buffer.isEmpty();
            }

            @Override
            public ActiveTenant next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.removeFirst();
            }

            private void fill() {
                while (buffer.isEmpty()) {
                    if (deleted.hasNext()) {
                        ActiveTenant tenant = deleted.next();
                        if (seen.putIfAbsent(tenant.tenantId(), true) == null) {
                            buffer.add(tenant);
                        }
                        continue;
                    }
                    if (liveDone) {
                        return;
                    }
                    QueryResponse page = query(Keys.usageDayIndexOf(day, shard), null, null, start, true, 0);
                    for (var raw : page.items()) {
                        String id = new Item(raw).string("tenantId");
                        if (id != null && seen.putIfAbsent(id, false) == null) {
                            buffer.add(new ActiveTenant(id, false, Optional.empty()));
                        }
                    }
                    start = page.hasLastEvaluatedKey()
                                    && !page.lastEvaluatedKey().isEmpty()
                            ? page.lastEvaluatedKey()
                            : null;
                    if (start == null && ++shard == Keys.USAGE_DAY_INDEX_SHARDS) {
                        shard = 0;
                        day = day.plusDays(1);
                        liveDone = day.isAfter(to);
                    }
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }

    /** One tenant's usage over the period, live or purged. */
    public TenantUsage usage(ActiveTenant tenant, LocalDate from, LocalDate to) {
        if (!tenant.deleted()) {
            return new TenantUsage(tenant, daily(SystemAccess.forWorker(tenant.tenantId()), from, to));
        }
        return new TenantUsage(tenant, archived(tenant, from, to));
    }

    /** Every tenant with usage in the period and its usage per day, streamed tenant by tenant. */
    public Stream<TenantUsage> usage(LocalDate from, LocalDate to) {
        return activeTenants(from, to).map(tenant -> usage(tenant, from, to));
    }

    /** Visits every recorded day of a tenant's usage shards with the item's key, for the purge. */
    public void forEachUsageItem(TenantAccess access, Consumer<Map<String, AttributeValue>> keyVisitor) {
        for (int shard = 0; shard < Keys.USAGE_SHARDS; shard++) {
            String partition = Keys.usagePartitionOf(access, shard);
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = query(partition, null, null, start, true, 0);
                page.items().forEach(i -> keyVisitor.accept(Map.of(Keys.PK, i.get(Keys.PK), Keys.SK, i.get(Keys.SK))));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
    }

    // ------------------------------------------------------------------------------------------ internals

    /** The counters of every day from..to (inclusive) that has any, summed over the shards. */
    private Map<LocalDate, UsageCounters> counters(TenantAccess access, LocalDate from, LocalDate to) {
        Map<LocalDate, UsageCounters> days = new TreeMap<>();
        for (int shard = 0; shard < Keys.USAGE_SHARDS; shard++) {
            String partition = Keys.usagePartitionOf(access, shard);
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page =
                        query(partition, UsageStore.DAY_PREFIX + from, UsageStore.DAY_PREFIX + to, start, true, 0);
                for (var raw : page.items()) {
                    Item item = new Item(raw);
                    LocalDate day = LocalDate.parse(item.string(Keys.SK).substring(UsageStore.DAY_PREFIX.length()));
                    UsageCounters c = days.computeIfAbsent(day, d -> new UsageCounters());
                    c.requests += item.number("requests");
                    c.computeMs += item.number("computeMs");
                    c.computeMbMs += item.number("computeMbMs");
                    c.storageDeltaBytes += item.number("storageDeltaBytes");
                    c.mediaProcessed += item.number("mediaProcessed");
                    c.invoicesRendered += item.number("invoicesRendered");
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return days;
    }

    /** The tenant's current stored bytes, as its running total says. */
    private long storageLevel(TenantAccess access) {
        var response = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(UsageStore.key(Keys.partitionOf(access), Keys.STORAGE_LEVEL))
                .consistentRead(true));
        return response.hasItem() ? new Item(response.item()).number("storageBytes") : 0;
    }

    /**
     * The stored bytes at the end of every day from {@code from} to today: the current level less
     * every change recorded after that day.
     */
    private static Map<LocalDate, Long> levelsBackwards(
            Map<LocalDate, UsageCounters> recorded, long current, LocalDate from, LocalDate today) {
        Map<LocalDate, Long> levels = new TreeMap<>();
        long level = current;
        for (LocalDate day = today; !day.isBefore(from); day = day.minusDays(1)) {
            levels.put(day, level);
            UsageCounters c = recorded.get(day);
            if (c != null) {
                level -= c.storageDeltaBytes;
            }
        }
        return levels;
    }

    private Stream<ActiveTenant> deletedTenants(LocalDate from, LocalDate to) {
        List<ActiveTenant> tenants = new ArrayList<>();
        for (YearMonth month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = query(Keys.deletionMonthIndexOf(month), null, null, start, true, 0);
                for (var raw : page.items()) {
                    Item item = new Item(raw);
                    LocalDate first = LocalDate.parse(item.string("firstDay"));
                    LocalDate last = LocalDate.parse(item.string("lastDay"));
                    if (!last.isBefore(from) && !first.isAfter(to)) {
                        tenants.add(new ActiveTenant(
                                item.string("tenantId"),
                                true,
                                Optional.ofNullable(item.string("deletedAt")).map(Instant::parse)));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return tenants.stream();
    }

    /** A purged tenant's usage from its archive: the recorded days, storage carried between them. */
    private List<DailyUsage> archived(ActiveTenant tenant, LocalDate from, LocalDate to) {
        String partition = Keys.deletionPartitionOf(tenant.tenantId());
        Map<LocalDate, DailyUsage> recorded = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = query(partition, ARCHIVE_PREFIX, ARCHIVE_PREFIX + to, start, true, 0);
            for (var raw : page.items()) {
                DailyUsage day = UsageArchive.fromItem(new Item(raw));
                recorded.put(day.date(), day);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        LocalDate deletedOn = tenant.deletedAt()
                .map(at -> LocalDate.ofInstant(at, ZoneOffset.UTC))
                .orElse(LocalDate.MAX);
        long level = 0;
        for (DailyUsage day : recorded.values()) {
            if (day.date().isBefore(from)) {
                level = day.storageBytes();
            }
        }
        List<DailyUsage> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            DailyUsage found = recorded.get(day);
            if (found != null) {
                level = found.storageBytes();
                days.add(found);
            } else {
                days.add(DailyUsage.empty(day, day.isAfter(deletedOn) ? 0 : level));
            }
        }
        return days;
    }

    /** One page of a partition, sort keys between {@code low} and {@code high} when given. */
    private QueryResponse query(
            String partition,
            String low,
            String high,
            Map<String, AttributeValue> start,
            boolean consistent,
            int limit) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(table.name())
                .consistentRead(consistent)
                .exclusiveStartKey(start);
        if (low == null) {
            request.keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition)));
        } else {
            request.keyConditionExpression("PK = :pk AND SK BETWEEN :low AND :high")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(partition),
                            ":low", AttributeValue.fromS(low),
                            ":high", AttributeValue.fromS(high)));
        }
        if (limit > 0) {
            request.limit(limit);
        }
        return dynamoDb.query(request.build());
    }
}
