package io.tenantry.shared.metering;

import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.BatchGets;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Several tenants' usage with {@code BatchGetItem} instead of queries: the keys of a live tenant's
 * usage are known (each usage shard × each day from {@code from} to today, and the storage total), so
 * the keys of all the tenants are read 100 at a time, strongly consistent. For a one-day period that
 * is today, 9 keys a tenant: 5 calls per 50 tenants instead of 9 calls per tenant.
 *
 * <p>A tenant whose keys would exceed {@link #MAX_KEYS_PER_TENANT} (a long period, or one far in the
 * past: every day up to today is needed, the storage level walks back from its current value) is
 * read with {@link UsageReader#usage(ActiveTenant, LocalDate, LocalDate)}'s queries instead, as are
 * purged tenants (their archive). The results are exactly what that method returns.
 */
final class BatchedUsageRead {
    /** Beyond this many keys a tenant, its queries (9 calls, about 9 read units) cost less. */
    static final int MAX_KEYS_PER_TENANT = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final UsageReader reader;
    private final long firstBackoffMillis;

    BatchedUsageRead(DynamoDbClient dynamoDb, String table, UsageReader reader, long firstBackoffMillis) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.reader = reader;
        this.firstBackoffMillis = firstBackoffMillis;
    }

    /** One key of the table. */
    private record Key(String pk, String sk) {
        Map<String, AttributeValue> attributes() {
            return UsageStore.key(pk, sk);
        }
    }

    List<TenantUsage> read(List<ActiveTenant> tenants, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            // Whatever the single-tenant method does (it refuses live tenants).
            return tenants.stream().map(t -> reader.usage(t, from, to)).toList();
        }
        LocalDate today = reader.today();
        boolean batched = keysPerTenant(from, today) <= MAX_KEYS_PER_TENANT;
        Set<Key> keys = new LinkedHashSet<>();
        if (batched && !from.isAfter(today)) {
            for (ActiveTenant tenant : tenants) {
                if (!tenant.deleted()) {
                    keys.addAll(keysOf(SystemAccess.forWorker(tenant.tenantId()), from, today));
                }
            }
        }
        Map<Key, Item> items = batchGet(new ArrayList<>(keys));
        List<TenantUsage> usage = new ArrayList<>(tenants.size());
        for (ActiveTenant tenant : tenants) {
            if (tenant.deleted() || !batched) {
                usage.add(reader.usage(tenant, from, to));
            } else {
                usage.add(new TenantUsage(tenant, assemble(tenant, items, from, to, today)));
            }
        }
        return usage;
    }

    /** How many keys a live tenant's usage from {@code from} has: usage shards × days to today, and the total. */
    static long keysPerTenant(LocalDate from, LocalDate today) {
        if (from.isAfter(today)) {
            return 0;
        }
        return Keys.USAGE_SHARDS * (ChronoUnit.DAYS.between(from, today) + 1) + 1;
    }

    private static List<Key> keysOf(TenantAccess access, LocalDate from, LocalDate today) {
        List<Key> keys = new ArrayList<>();
        for (int shard = 0; shard < Keys.USAGE_SHARDS; shard++) {
            String partition = Keys.usagePartitionOf(access, shard);
            for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
                keys.add(new Key(partition, UsageStore.DAY_PREFIX + day));
            }
        }
        keys.add(new Key(Keys.partitionOf(access), Keys.STORAGE_LEVEL));
        return keys;
    }

    /** The tenant's days from the items read, as {@link UsageReader#daily} computes them. */
    private static List<DailyUsage> assemble(
            ActiveTenant tenant, Map<Key, Item> items, LocalDate from, LocalDate to, LocalDate today) {
        TenantAccess access = SystemAccess.forWorker(tenant.tenantId());
        Map<LocalDate, UsageCounters> recorded = new TreeMap<>();
        long level = 0;
        if (!from.isAfter(today)) {
            for (int shard = 0; shard < Keys.USAGE_SHARDS; shard++) {
                String partition = Keys.usagePartitionOf(access, shard);
                for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
                    Item item = items.get(new Key(partition, UsageStore.DAY_PREFIX + day));
                    if (item != null) {
                        UsageReader.add(recorded.computeIfAbsent(day, d -> new UsageCounters()), item);
                    }
                }
            }
            Item total = items.get(new Key(Keys.partitionOf(access), Keys.STORAGE_LEVEL));
            level = total == null ? 0 : total.number("storageBytes");
        }
        return UsageReader.days(recorded, level, from, to, today);
    }

    /** Reads the keys (see {@link BatchGets}); absent items are absent. */
    private Map<Key, Item> batchGet(List<Key> keys) {
        Map<Key, Item> items = new HashMap<>();
        for (Map<String, AttributeValue> raw : new BatchGets(dynamoDb, table, firstBackoffMillis)
                .read(keys.stream().map(Key::attributes).toList(), b -> b)) {
            Item item = new Item(raw);
            items.put(new Key(item.string(Keys.PK), item.string(Keys.SK)), item);
        }
        return items;
    }
}
