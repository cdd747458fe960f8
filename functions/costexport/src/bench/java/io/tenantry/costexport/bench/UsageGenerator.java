package io.tenantry.costexport.bench;

import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Metering of {@code n} active tenants for one day, written straight into the table with {@code BatchWriteItem} (25
 * items a call, unprocessed items retried), in the layout {@code UsageStore} writes: per tenant its record ({@code
 * TENANT#<id>} / {@code TENANT}), one usage-counter item of the day in one of the 8 shard partitions ({@code
 * TENANT#<id>#USAGE#<shard>} / {@code DAY#<day>}), its storage total ({@code TENANT#<id>} / {@code USAGE#STORAGE})
 * and its entry in the day index ({@code USAGEDAY#<day>#<floorMod(id.hashCode(), 32)>} / id).
 *
 * <p>The numbers are varied and deterministic: tenant {@code i} of a run draws them from a {@link SplittableRandom}
 * seeded with the run's seed and {@code i}, so any number of writer threads writes the same data. Requests are
 * spread log-uniformly from 1 to 200,000 a day, compute 1–120 ms a request at 512, 1024 or 2048 MB; 4 % of the
 * tenants store something (1 MiB to 50 GiB), 8 % processed media, 2 % rendered an invoice.
 */
final class UsageGenerator {
    static final int ITEMS_PER_CALL = 25;
    private static final int MAX_ATTEMPTS_WITHOUT_PROGRESS = 20;

    private final DynamoDbClient dynamoDb;
    private final String table;

    UsageGenerator(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** What was written, and the sums the export must find. */
    record Generated(
            int tenants,
            LocalDate day,
            long items,
            long calls,
            long retries,
            long millis,
            long requests,
            long computeMbMs,
            long storageBytes,
            long tenantsWithStorage,
            long mediaProcessed,
            long invoicesRendered) {}

    /** Tenant {@code i} of the run of {@code n} tenants: {@code ten_} and 26 characters, like real ids. */
    static String tenantId(int n, int i) {
        return String.format(Locale.ROOT, "ten_BENCH%06dN%014d", n, i);
    }

    /** The index {@code i} of a tenant id of the run, or -1 when it is not one. */
    static int indexOf(int n, String tenantId) {
        String prefix = String.format(Locale.ROOT, "ten_BENCH%06dN", n);
        if (!tenantId.startsWith(prefix) || tenantId.length() != prefix.length() + 14) {
            return -1;
        }
        return Integer.parseInt(tenantId.substring(prefix.length()));
    }

    Generated generate(int n, LocalDate day, long seed, int threads) throws Exception {
        LongAdder items = new LongAdder();
        LongAdder calls = new LongAdder();
        LongAdder retries = new LongAdder();
        LongAdder requests = new LongAdder();
        LongAdder computeMbMs = new LongAdder();
        LongAdder storageBytes = new LongAdder();
        LongAdder withStorage = new LongAdder();
        LongAdder media = new LongAdder();
        LongAdder invoices = new LongAdder();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = (int) ((long) n * t / threads);
                int end = (int) ((long) n * (t + 1) / threads);
                parts.add(pool.submit(() -> {
                    List<WriteRequest> batch = new ArrayList<>(ITEMS_PER_CALL);
                    for (int i = first; i < end; i++) {
                        Tenant tenant = tenant(n, i, seed);
                        requests.add(tenant.requests);
                        computeMbMs.add(tenant.computeMbMs);
                        storageBytes.add(tenant.storageBytes);
                        if (tenant.storageBytes > 0) {
                            withStorage.increment();
                        }
                        media.add(tenant.mediaProcessed);
                        invoices.add(tenant.invoicesRendered);
                        for (Map<String, AttributeValue> item : tenant.items(day)) {
                            batch.add(WriteRequest.builder()
                                    .putRequest(PutRequest.builder().item(item).build())
                                    .build());
                            if (batch.size() == ITEMS_PER_CALL) {
                                write(batch, calls, retries);
                                items.add(batch.size());
                                batch.clear();
                            }
                        }
                    }
                    if (!batch.isEmpty()) {
                        write(batch, calls, retries);
                        items.add(batch.size());
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Generated(
                n,
                day,
                items.sum(),
                calls.sum(),
                retries.sum(),
                (System.nanoTime() - started) / 1_000_000,
                requests.sum(),
                computeMbMs.sum(),
                storageBytes.sum(),
                withStorage.sum(),
                media.sum(),
                invoices.sum());
    }

    private void write(List<WriteRequest> batch, LongAdder calls, LongAdder retries) {
        List<WriteRequest> pending = List.copyOf(batch);
        int withoutProgress = 0;
        long backoff = 10;
        while (!pending.isEmpty()) {
            List<WriteRequest> request = pending;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
            calls.increment();
            List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(table, List.of())
                    : List.of();
            if (unprocessed.isEmpty()) {
                return;
            }
            retries.increment();
            withoutProgress = unprocessed.size() < request.size() ? 0 : withoutProgress + 1;
            if (withoutProgress >= MAX_ATTEMPTS_WITHOUT_PROGRESS) {
                throw new IllegalStateException("BatchWriteItem left " + unprocessed.size() + " items unprocessed");
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            backoff = Math.min(1_000, backoff * 2);
            pending = unprocessed;
        }
    }

    /** One tenant's drawn numbers. */
    record Tenant(
            String id,
            String name,
            String plan,
            int shard,
            long requests,
            long computeMs,
            long computeMbMs,
            long storageBytes,
            long storageDeltaBytes,
            long mediaProcessed,
            long invoicesRendered) {

        /** Its four items. */
        List<Map<String, AttributeValue>> items(LocalDate day) {
            TenantAccess access = SystemAccess.forWorker(id);
            Map<String, AttributeValue> record = new HashMap<>();
            record.put(Keys.PK, s(Keys.partitionOf(access)));
            record.put(Keys.SK, s(Keys.TENANT_RECORD));
            record.put("id", s(id));
            record.put("name", s(name));
            record.put("plan", s(plan));
            record.put("status", s("active"));
            record.put("createdAt", s(day.minusDays(30).atStartOfDay() + ":00Z"));
            record.put("version", n(1));
            record.put(Keys.OWNER_COUNT, n(1));

            Map<String, AttributeValue> counters = new HashMap<>();
            counters.put(Keys.PK, s(Keys.usagePartitionOf(access, shard)));
            counters.put(Keys.SK, s("DAY#" + day));
            counters.put("requests", n(requests));
            counters.put("computeMs", n(computeMs));
            counters.put("computeMbMs", n(computeMbMs));
            counters.put("storageDeltaBytes", n(storageDeltaBytes));
            counters.put("mediaProcessed", n(mediaProcessed));
            counters.put("invoicesRendered", n(invoicesRendered));
            counters.put("tenantId", s(id));
            counters.put("day", s(day.toString()));

            Map<String, AttributeValue> storage = Map.of(
                    Keys.PK,
                    s(Keys.partitionOf(access)),
                    Keys.SK,
                    s(Keys.STORAGE_LEVEL),
                    "storageBytes",
                    n(storageBytes),
                    "tenantId",
                    s(id));

            Map<String, AttributeValue> index = Map.of(
                    Keys.PK,
                    s(Keys.usageDayIndexOf(day, id)),
                    Keys.SK,
                    s(id),
                    "tenantId",
                    s(id),
                    "day",
                    s(day.toString()));
            return List.of(record, counters, storage, index);
        }
    }

    static Tenant tenant(int n, int i, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        String id = tenantId(n, i);
        String name = i % 97 == 0 ? "Acme, \"No. " + i + "\"" : "Tenant " + i;
        int p = random.nextInt(100);
        String plan = p < 60 ? "free" : p < 92 ? "pro" : "enterprise";
        long requests = logUniform(random, 1, 200_000);
        long computeMs = requests * (1 + random.nextInt(120));
        int m = random.nextInt(10);
        long memoryMb = m == 0 ? 512 : m == 9 ? 2048 : 1024;
        long storageBytes = 0;
        long storageDelta = 0;
        if (random.nextInt(100) < 4) {
            storageBytes = logUniform(random, 1L << 20, 50L << 30);
            storageDelta = (long) (storageBytes * random.nextDouble());
        }
        long media = random.nextInt(100) < 8 ? 1 + random.nextInt(500) : 0;
        long invoices = random.nextInt(100) < 2 ? 1 : 0;
        return new Tenant(
                id,
                name,
                plan,
                random.nextInt(Keys.USAGE_SHARDS),
                requests,
                computeMs,
                computeMs * memoryMb,
                storageBytes,
                storageDelta,
                media,
                invoices);
    }

    private static long logUniform(SplittableRandom random, long low, long high) {
        double value = Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
        return Math.max(low, Math.min(high, Math.round(value)));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
