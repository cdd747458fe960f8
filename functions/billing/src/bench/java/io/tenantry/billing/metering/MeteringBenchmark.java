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
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.metering.MeteringSettings;
import io.tenantry.shared.metering.UsageAggregator;
import io.tenantry.shared.metering.UsageJournal;
import io.tenantry.shared.metering.UsageLine;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metering.UsageReader;
import io.tenantry.shared.metering.UsageStore;
import io.tenantry.shared.testing.MovableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
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
 * The metering harness: a steady load on simulated Lambda instances (a virtual clock; each instance serves one
 * request at a time and flushes its usage line after each, as {@code ApiRuntime} does), their lines grouped by log
 * group and handed to the aggregator every delivery interval, as a log group's subscription filter delivers them,
 * against DynamoDB Local. It measures what metering costs per API request (the aggregator's transactions and request
 * units, its invocations, the bytes of usage lines the logs ingest), checks that every request was counted exactly
 * once, also when every delivery comes twice, and records the most events an instance held after an invocation
 * (what a reclaimed or crashed instance would lose: 0).
 *
 * <p>Request units are computed from the transactions sent, by DynamoDB's published rules: an item written in a
 * transaction costs 2 write request units per KB (every item here is under 1 KB), a condition check 2 read request
 * units. By default it runs the default scenario and checks its bounds (CI runs that); {@code
 * -Dtenantry.benchmark=true} runs every scenario and writes the results into the metering section of
 * docs/BENCHMARKS.md:
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
            long deliveryMs,
            int instances,
            int logGroups,
            int tenants,
            long requests,
            long deliveries,
            long transactions,
            long writeUnits,
            long readUnits,
            long lineBytes,
            long maxHeldAfterInvocation) {
        double writeUnitsPerRequest() {
            return writeUnits / (double) requests;
        }

        double deliveriesPerRequest() {
            return deliveries / (double) requests;
        }

        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %d | %,d | %,d | %,d | %,d | %.4f | %,d | %.4f | %.0f | %d |",
                    name,
                    deliveryMs == 0 ? "each line" : deliveryMs / 1000.0 + " s",
                    instances,
                    logGroups,
                    tenants,
                    requests,
                    deliveries,
                    transactions,
                    writeUnits,
                    writeUnitsPerRequest(),
                    readUnits,
                    deliveriesPerRequest(),
                    lineBytes / (double) requests,
                    maxHeldAfterInvocation);
        }
    }

    /** The lines of one log group waiting for the next delivery. */
    static final class LogGroup implements UsageJournal.Listener {
        final List<UsageLine> waiting = new ArrayList<>();

        @Override
        public void accept(UsageLine line) {
            waiting.add(line);
        }
    }

    /**
     * {@code instances} instances, spread over {@code logGroups} functions, each serve a request every {@code
     * intervalMs} of virtual time for {@code seconds}; each request is of one of {@code tenants} tenants, half of
     * them of the first (a hot tenant). Every {@code deliveryMs} (0: after every line) each log group's lines are
     * delivered, twice when {@code twice}.
     */
    static Result run(
            String name,
            long deliveryMs,
            int instances,
            int logGroups,
            int tenants,
            long seconds,
            long intervalMs,
            boolean twice) {
        MovableClock clock = new MovableClock("2026-06-01T00:00:00Z");
        TableSettings table = context.getBean(TableSettings.class);
        JsonCodec json = context.getBean(JsonCodec.class);
        UsageAggregator aggregator = new UsageAggregator(new UsageStore(client, table, clock), clock);
        List<TenantAccess> accesses = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            accesses.add(activeTenant());
        }
        List<LogGroup> groups = new ArrayList<>();
        for (int g = 0; g < logGroups; g++) {
            groups.add(new LogGroup());
        }
        List<UsageMeter> meters = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            UsageJournal journal = new UsageJournal(json, "log", null);
            journal.addListener(groups.get(i % logGroups));
            meters.add(new UsageMeter(journal, new MeteringSettings(true, 1024, 1024), clock));
        }
        long beforeTransactions = transactions.get();
        long beforeWritten = writtenItems.get();
        long beforeChecks = conditionChecks.get();
        Random random = new Random(42);
        long requests = 0;
        long deliveries = 0;
        long lineBytes = 0;
        long maxHeld = 0;
        long sinceDelivery = 0;
        long steps = seconds * 1000 / intervalMs;
        PrintStream terminal = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // the lines the logs would ingest
        try {
            for (long step = 0; step < steps; step++) {
                for (UsageMeter meter : meters) {
                    TenantAccess tenant =
                            random.nextBoolean() ? accesses.getFirst() : accesses.get(random.nextInt(accesses.size()));
                    meter.requestServed(tenant, 1 + random.nextInt(40), "GET /v1/projects", 200);
                    meter.flush();
                    maxHeld = Math.max(maxHeld, meter.pendingEvents());
                    requests++;
                    if (deliveryMs == 0) {
                        for (LogGroup group : groups) {
                            lineBytes += bytes(json, group.waiting);
                            deliveries += deliver(aggregator, group, twice);
                        }
                    }
                }
                clock.advance(intervalMs);
                sinceDelivery += intervalMs;
                if (deliveryMs > 0 && sinceDelivery >= deliveryMs) {
                    sinceDelivery = 0;
                    for (LogGroup group : groups) {
                        lineBytes += bytes(json, group.waiting);
                        deliveries += deliver(aggregator, group, twice);
                    }
                }
            }
            for (LogGroup group : groups) {
                lineBytes += bytes(json, group.waiting);
                deliveries += deliver(aggregator, group, twice);
            }
        } finally {
            System.setOut(terminal);
        }
        long measuredTransactions = transactions.get() - beforeTransactions;
        long items = writtenItems.get() - beforeWritten;
        long checks = conditionChecks.get() - beforeChecks;

        UsageReader reader = new UsageReader(client, table, clock);
        LocalDate day = LocalDate.of(2026, 6, 1);
        long counted = accesses.stream()
                .mapToLong(a -> reader.daily(a, day, day).getFirst().requests())
                .sum();
        assertEquals(requests, counted, name + ": every request counted exactly once");
        return new Result(
                name,
                deliveryMs,
                instances,
                logGroups,
                tenants,
                requests,
                deliveries,
                measuredTransactions,
                2 * items,
                2 * checks,
                lineBytes,
                maxHeld);
    }

    private static long deliver(UsageAggregator aggregator, LogGroup group, boolean twice) {
        if (group.waiting.isEmpty()) {
            return 0;
        }
        List<UsageLine> delivery = List.copyOf(group.waiting);
        group.waiting.clear();
        aggregator.deliver(delivery);
        if (twice) {
            aggregator.deliver(delivery);
            return 2;
        }
        return 1;
    }

    private static long bytes(JsonCodec json, List<UsageLine> lines) {
        return lines.stream().mapToLong(line -> json.write(line).length + 1L).sum();
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
        // 10 instances of 5 functions × 50 requests/s = 500 requests/s for 30 s, over 8 tenants (one hot),
        // delivered every second.
        results.add(run("default", 1000, 10, 5, 8, 30, 20, false));
        if (full) {
            results.add(run("every delivery twice", 1000, 10, 5, 8, 30, 20, true));
            results.add(run("deliveries every 5 s", 5000, 10, 5, 8, 30, 20, false));
            // The same instances at 1 request/s each: a quiet function pays more per request.
            results.add(run("quiet: 1 request/s per instance", 1000, 10, 5, 8, 120, 1000, false));
            results.add(run("one line a delivery (the local backend)", 0, 10, 5, 8, 4, 20, false));
        }

        Result standard = results.getFirst();
        assertTrue(
                standard.writeUnitsPerRequest() < 0.5,
                "default: " + standard.writeUnitsPerRequest() + " write units per request");
        assertEquals(0, standard.maxHeldAfterInvocation(), "nothing is held in an instance after its invocation");
        results.forEach(r -> System.out.println("metering benchmark " + r.row()));
        if (full) {
            write(results);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void write(List<Result> results) throws IOException {
        Path file = ProjectRoot.get().resolve("docs/BENCHMARKS.md");
        String begin = "<!-- metering:begin -->";
        String end = "<!-- metering:end -->";
        StringBuilder section = new StringBuilder(begin).append('\n');
        section.append("Measured by `MeteringBenchmark` (functions/billing) on DynamoDB Local, ")
                .append(LocalDate.now())
                .append(". Virtual time; each simulated instance serves one request at a time and writes its usage")
                .append(" line after each, as `ApiRuntime` does; each function's lines are delivered to the")
                .append(" aggregator every delivery interval, as its log group's subscription filter would. Request")
                .append(" units follow DynamoDB's rules for transactions (2 WRU per item written, 2 RRU per condition")
                .append(
                        " check; every item is under 1 KB). Every request was counted exactly once in every scenario.\n\n");
        section.append("| scenario | delivery interval | instances | log groups | tenants | requests | deliveries |")
                .append(" transactions | WRU | WRU per request | RRU (condition checks) | deliveries per request |")
                .append(" usage line bytes per request | most events held after an invocation |\n");
        section.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        results.forEach(r -> section.append(r.row()).append('\n'));
        section.append("\nRun again with `./mvnw -q -Pbench test -pl functions/billing -am -Dtest=MeteringBenchmark")
                .append(" -Dtenantry.benchmark=true`; ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, load average when written `")
                .append(loadAverage())
                .append("` (the counts do not depend on it: virtual time).\n");
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
