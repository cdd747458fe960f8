package io.tenantry.shared.metering;

import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
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
 *   <li>{@link #activeTenants} — every tenant with usage in a period, once, in (index shard, tenant
 *       id) order: a merge of the per-day index ({@code USAGEDAY#<day>#<shard>}) and, for purged
 *       ones, flagged, the deletion index ({@code DELETION#MONTH#<yyyy-mm>}), page by page, in memory
 *       bounded by the period's length, not the number of tenants ({@link ActiveTenantMerge});
 *   <li>{@link #usage(List, LocalDate, LocalDate)} — several tenants' usage with {@code
 *       BatchGetItem}, about 0.1 calls a tenant instead of 9 for a day read that day ({@link BatchedUsageRead});
 *   <li>{@link #usage(LocalDate, LocalDate)} — both together, 50 tenants at a time, for the cost
 *       export.
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
    /** The page size of the index queries of {@link #activeTenants} over more than one day. */
    static final int INDEX_PAGE_LIMIT = 500;
    /** How many tenants {@link #usage(LocalDate, LocalDate)} reads at a time. */
    static final int USAGE_CHUNK = 50;

    private static final long BATCH_FIRST_BACKOFF_MILLIS = 25;

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
        return days(recorded, storageLevel(access), from, to, today);
    }

    /**
     * Every day from {@code from} to {@code to} given the counters recorded from {@code from} to today
     * (summed over the shards) and the current storage level: what {@link #daily} returns, shared with
     * the batched read.
     */
    static List<DailyUsage> days(
            Map<LocalDate, UsageCounters> recorded, long level, LocalDate from, LocalDate to, LocalDate today) {
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
     * Every tenant with usage on a day of the period, each once; purged tenants are flagged {@code
     * deleted} (with their {@code deletedAt}), also when a purge in progress left them in the day index.
     *
     * <p><b>Order:</b> by day-index shard ({@code floorMod(tenantId.hashCode(), 32)}, see {@link
     * Keys#usageDayIndexShardOf}), then by tenant id as DynamoDB sorts it (code point order):
     * deterministic, the same for the same index contents. It is a k-way merge, shard by shard, of the
     * day index partitions of every day of the period and the deletion index partitions of every month.
     *
     * <p><b>Memory</b> does not grow with the number of tenants: only the current shard's cursors are
     * open, one page each, {@value #INDEX_PAGE_LIMIT} entries a page: at most (days + months) ×
     * {@value #INDEX_PAGE_LIMIT} index entries (DynamoDB's own 1 MB pages would hold about 10,000, which
     * the export's 100,000-tenant benchmark showed as a visible share of its heap). <b>Calls</b>, read as the
     * stream is consumed: per shard, one query per day and one per month of the period (32 × (days +
     * months)), plus one per further page of {@value #INDEX_PAGE_LIMIT}.
     */
    public Stream<ActiveTenant> activeTenants(LocalDate from, LocalDate to) {
        Iterator<ActiveTenant> merge = new ActiveTenantMerge(dynamoDb, table.name(), from, to, INDEX_PAGE_LIMIT);
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(merge, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** One tenant's usage over the period, live or purged. */
    public TenantUsage usage(ActiveTenant tenant, LocalDate from, LocalDate to) {
        if (!tenant.deleted()) {
            return new TenantUsage(tenant, daily(SystemAccess.forWorker(tenant.tenantId()), from, to));
        }
        return new TenantUsage(tenant, archived(tenant, from, to));
    }

    /**
     * Several tenants' usage over the period, in the order given: for each, exactly what {@link
     * #usage(ActiveTenant, LocalDate, LocalDate)} returns. Live tenants are read with {@code
     * BatchGetItem} (strongly consistent, 100 keys a call, unprocessed keys retried with backoff): 8
     * keys per day from {@code from} to today and the storage total, so a one-day period that is
     * today takes 9 keys a tenant, 5 calls per 50 tenants. A period whose keys would exceed 100 a tenant (over 12
     * days from {@code from} to today) is read with the per-tenant queries instead; purged tenants from
     * their archive (one query each); a period wholly after today reads nothing.
     */
    public List<TenantUsage> usage(List<ActiveTenant> tenants, LocalDate from, LocalDate to) {
        return new BatchedUsageRead(dynamoDb, table.name(), this, BATCH_FIRST_BACKOFF_MILLIS).read(tenants, from, to);
    }

    /**
     * Every tenant with usage in the period and its usage per day, in {@link #activeTenants} order:
     * the tenants are taken {@value #USAGE_CHUNK} at a time, lazily, and read with {@link
     * #usage(List, LocalDate, LocalDate)}. Memory is that of the merge plus one chunk. Close the
     * stream when done.
     */
    public Stream<TenantUsage> usage(LocalDate from, LocalDate to) {
        Stream<ActiveTenant> tenants = activeTenants(from, to);
        Iterator<ActiveTenant> source = tenants.iterator();
        Iterator<List<ActiveTenant>> chunks = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public List<ActiveTenant> next() {
                List<ActiveTenant> chunk = new ArrayList<>(USAGE_CHUNK);
                while (chunk.size() < USAGE_CHUNK && source.hasNext()) {
                    chunk.add(source.next());
                }
                if (chunk.isEmpty()) {
                    throw new NoSuchElementException();
                }
                return chunk;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(chunks, Spliterator.ORDERED), false)
                .flatMap(chunk -> usage(chunk, from, to).stream())
                .onClose(tenants::close);
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

    /**
     * The tenant's activity from {@code from} to {@code to} (inclusive), for activity analytics: per day the
     * requests, writes, client and server errors and distinct active users, and the routes by requests over the
     * whole range, most first (at most {@code topRoutes}). One query per usage shard for the counters and one
     * for the active users: 16 queries whatever the range.
     */
    public Activity activity(TenantAccess access, LocalDate from, LocalDate to, int topRoutes) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        Map<LocalDate, UsageCounters> recorded = counters(access, from, to);
        Map<LocalDate, java.util.Set<String>> users = activeUsers(access, from, to);
        List<DailyActivity> days = new ArrayList<>();
        Map<String, Long> routes = new java.util.HashMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            UsageCounters c = recorded.getOrDefault(day, new UsageCounters());
            c.routes.forEach((route, count) -> routes.merge(route, count, Long::sum));
            days.add(new DailyActivity(
                    day,
                    c.requests,
                    c.writes,
                    c.clientErrors,
                    c.serverErrors,
                    users.getOrDefault(day, java.util.Set.of()).size()));
        }
        List<Activity.RouteRequests> top = routes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(topRoutes)
                .map(e -> new Activity.RouteRequests(e.getKey(), e.getValue()))
                .toList();
        return new Activity(days, top);
    }

    /** The distinct active users of every day from..to that has any, united over the shards. */
    private Map<LocalDate, java.util.Set<String>> activeUsers(TenantAccess access, LocalDate from, LocalDate to) {
        Map<LocalDate, java.util.Set<String>> days = new TreeMap<>();
        for (int shard = 0; shard < Keys.USAGE_SHARDS; shard++) {
            String partition = Keys.usagePartitionOf(access, shard);
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = query(
                        partition, UsageStore.ACTIVE_PREFIX + from, UsageStore.ACTIVE_PREFIX + to, start, true, 0);
                for (var raw : page.items()) {
                    LocalDate day = LocalDate.parse(raw.get(Keys.SK).s().substring(UsageStore.ACTIVE_PREFIX.length()));
                    AttributeValue set = raw.get("users");
                    if (set != null && set.hasSs()) {
                        days.computeIfAbsent(day, d -> new java.util.HashSet<>())
                                .addAll(set.ss());
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return days;
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
                    add(days.computeIfAbsent(day, d -> new UsageCounters()), item);
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return days;
    }

    /** Adds one usage shard's item of a day to the day's counters. */
    static void add(UsageCounters c, Item item) {
        c.writes += item.number("writes");
        c.clientErrors += item.number("clientErrors");
        c.serverErrors += item.number("serverErrors");
        item.attributes().forEach((name, value) -> {
            if (name.startsWith(UsageStore.ROUTE_PREFIX) && value.n() != null) {
                c.routes.merge(name.substring(UsageStore.ROUTE_PREFIX.length()), Long.parseLong(value.n()), Long::sum);
            }
        });
        c.requests += item.number("requests");
        c.computeMs += item.number("computeMs");
        c.computeMbMs += item.number("computeMbMs");
        c.storageDeltaBytes += item.number("storageDeltaBytes");
        c.mediaProcessed += item.number("mediaProcessed");
        c.invoicesRendered += item.number("invoicesRendered");
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
