package io.tenantry.billing.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.ProjectRoot;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.metering.MeteringSettings;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metering.UsageReader;
import io.tenantry.shared.metering.UsageStore;
import io.tenantry.shared.testing.MovableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The metering harness: a steady load on simulated Lambda instances (a virtual clock, each instance
 * serving one request at a time and calling {@code flushIfDue} after each, as {@code ApiRuntime}
 * does), against DynamoDB Local. It measures the DynamoDB requests and request units metering costs
 * per API request, checks that every request was counted exactly once, and records the worst
 * number of events an instance held unflushed (what a reclaimed instance would lose).
 *
 * <p>Request units are computed from the transactions sent, by DynamoDB's published rules: an item
 * written in a transaction costs 2 write request units per KB (every item here is under 1 KB), a
 * condition check 2 read request units. By default it runs the default settings' scenario and checks
 * its bounds (CI runs that); {@code -Dtenantry.benchmark=true} runs every scenario and writes the results
 * into the metering section of docs/BENCHMARKS.md:
 *
 * <pre>./mvnw -q -Pbench test -pl functions/billing -am -Dtest=MeteringBenchmark -Dtenantry.benchmark=true</pre>
 */
@EmulatedAws
class MeteringBenchmark {
    static ApplicationContext context;
    static DynamoDbClient client;
    static final AtomicLong transactions = new AtomicLong();
    static final AtomicLong writtenItems = new AtomicLong();
    static final AtomicLong conditionChecks = new AtomicLong();

    @BeforeAll
    static void start(AwsEnvironment aws) {
        context = ApplicationContext.run(aws.micronautProperties("GetUsageFunction"));
        client = aws.dynamoDb(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution execution, ExecutionAttributes attributes) {
                if (execution.request() instanceof TransactWriteItemsRequest request) {
                    transactions.incrementAndGet();
                    for (TransactWriteItem item : request.transactItems()) {
                        if (item.conditionCheck() != null) {
                            conditionChecks.incrementAndGet();
                        } else {
                            writtenItems.incrementAndGet();
                        }
                    }
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        client.close();
        context.close();
    }

    /** One scenario's outcome. */
    record Result(
            String name,
            long flushSeconds,
            int instances,
            int tenants,
            long requests,
            long virtualSeconds,
            long transactions,
            long writeUnits,
            long readUnits,
            long maxPendingPerInstance) {
        double writeUnitsPerRequest() {
            return writeUnits / (double) requests;
        }

        double transactionsPerRequest() {
            return transactions / (double) requests;
        }

        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d s | %d | %d | %,d | %,d | %,d | %.5f | %,d | %.5f | %,d |",
                    name,
                    flushSeconds,
                    instances,
                    tenants,
                    requests,
                    transactions,
                    writeUnits,
                    writeUnitsPerRequest(),
                    readUnits,
                    transactionsPerRequest(),
                    maxPendingPerInstance);
        }
    }

    /**
     * {@code instances} instances each serve a request every {@code intervalMs} of virtual time for
     * {@code seconds}; each request is of one of {@code tenants} tenants, half of them of the first (a
     * hot tenant).
     */
    static Result run(String name, long flushSeconds, int instances, int tenants, long seconds, long intervalMs) {
        MovableClock clock = new MovableClock("2026-06-01T00:00:00Z");
        List<TenantAccess> accesses = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            accesses.add(activeTenant());
        }
        List<UsageMeter> meters = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            meters.add(new UsageMeter(
                    new UsageStore(client, context.getBean(TableSettings.class)),
                    new MeteringSettings(true, flushSeconds, 1000, 1024, 1024),
                    clock));
        }
        long beforeTransactions = transactions.get();
        long beforeWritten = writtenItems.get();
        long beforeChecks = conditionChecks.get();
        Random random = new Random(42);
        long requests = 0;
        long maxPending = 0;
        long steps = seconds * 1000 / intervalMs;
        for (long step = 0; step < steps; step++) {
            for (UsageMeter meter : meters) {
                TenantAccess tenant =
                        random.nextBoolean() ? accesses.getFirst() : accesses.get(random.nextInt(accesses.size()));
                meter.requestServed(tenant, 1 + random.nextInt(40));
                meter.flushIfDue();
                maxPending = Math.max(maxPending, meter.pendingEvents());
                requests++;
            }
            clock.advance(intervalMs);
        }
        long measuredTransactions = transactions.get() - beforeTransactions;
        long items = writtenItems.get() - beforeWritten;
        long checks = conditionChecks.get() - beforeChecks;
        meters.forEach(UsageMeter::flush);

        UsageReader reader = new UsageReader(client, context.getBean(TableSettings.class), clock);
        LocalDate day = LocalDate.of(2026, 6, 1);
        long counted = accesses.stream()
                .mapToLong(a -> reader.daily(a, day, day).getFirst().requests())
                .sum();
        assertEquals(requests, counted, name + ": every request counted exactly once");
        return new Result(
                name,
                flushSeconds,
                instances,
                tenants,
                requests,
                seconds,
                measuredTransactions,
                2 * items,
                2 * checks,
                maxPending);
    }

    static TenantAccess activeTenant() {
        String id = "ten_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
        TenantAccess access = SystemAccess.forWorker(id);
        client.putItem(b -> b.tableName(context.getBean(TableSettings.class).name())
                .item(Map.of(
                        Keys.PK,
                        AttributeValue.fromS(Keys.partitionOf(access)),
                        Keys.SK,
                        AttributeValue.fromS(Keys.TENANT_RECORD),
                        "status",
                        AttributeValue.fromS("active"))));
        return access;
    }

    @Test
    void steadyLoad_costsAFractionOfAWritePerRequest_andLosesNothing() throws IOException {
        boolean full = Boolean.getBoolean("tenantry.benchmark");
        List<Result> results = new ArrayList<>();
        // 10 instances × 50 requests/s = 500 requests/s for 60 s, over 8 tenants (one hot).
        results.add(run("default (flush every 10 s)", 10, 10, 8, 60, 20));
        if (full) {
            results.add(run("flush every 2 s", 2, 10, 8, 60, 20));
            // The same instances at 1 request/s each: a quiet function pays more per request.
            results.add(run("quiet: 1 request/s per instance", 10, 10, 8, 120, 1000));
            results.add(run("flush after every invocation", 0, 10, 8, 4, 20));
        }

        Result standard = results.getFirst();
        assertTrue(
                standard.writeUnitsPerRequest() < 0.05,
                "default: " + standard.writeUnitsPerRequest() + " write units per request");
        assertTrue(standard.maxPendingPerInstance() <= 500, "at most the 10 s of one instance's requests pending");
        results.forEach(r -> System.out.println("metering benchmark " + r.row()));
        if (full) {
            write(results);
        }
    }

    private static void write(List<Result> results) throws IOException {
        Path file = ProjectRoot.get().resolve("docs/BENCHMARKS.md");
        String begin = "<!-- metering:begin -->";
        String end = "<!-- metering:end -->";
        StringBuilder section = new StringBuilder(begin).append('\n');
        section.append("Measured by `MeteringBenchmark` (functions/billing) on DynamoDB Local, ")
                .append(LocalDate.now())
                .append(". Virtual time; each simulated instance serves one request at a time and calls")
                .append(" `flushIfDue` after each, as `ApiRuntime` does. Request units follow DynamoDB's rules for")
                .append(
                        " transactions (2 WRU per item written, 2 RRU per condition check; every item is under 1 KB).\n\n");
        section.append("| scenario | flush interval | instances | tenants | requests | flush transactions |")
                .append(" WRU | WRU per request | RRU (condition checks) | transactions per request |")
                .append(" most events pending in one instance |\n");
        section.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        results.forEach(r -> section.append(r.row()).append('\n'));
        section.append('\n').append(end);
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String updated = from >= 0 && to > from
                ? text.substring(0, from) + section + text.substring(to + end.length())
                : text + "\n## Metering\n\n" + section + "\n";
        Files.writeString(file, updated);
    }
}
