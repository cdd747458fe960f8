package io.tenantry.shared.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.SyntheticTenant;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.testing.MovableClock;
import io.tenantry.shared.testing.TestMeters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The meter, its journal and the aggregator on DynamoDB, with a clock the test moves. Several meters stand for several
 * Lambda instances of any functions, delivering their lines in process as the local backend does; together they
 * count every event exactly once, and an instance holds nothing once its invocation has flushed.
 */
@EmulatedAws
class MeteringIT {
    static ApplicationContext context;
    static AwsEnvironment aws;
    static String table;
    /** When set, the next transaction is applied but its response is lost (as after a timeout). */
    static final AtomicBoolean loseNextResponse = new AtomicBoolean();

    static DynamoDbClient client;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        context = ApplicationContext.run(aws.micronautProperties("GetUsageFunction"));
        table = context.getBean(TableSettings.class).name();
        client = aws.dynamoDb(new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse response, ExecutionAttributes attributes) {
                if (response.request() instanceof TransactWriteItemsRequest
                        && loseNextResponse.compareAndSet(true, false)) {
                    throw SdkClientException.create("The response was lost (test)");
                }
                return response.response();
            }
        });
    }

    @AfterAll
    static void stop() {
        client.close();
        context.close();
    }

    static UsageAggregator aggregator(Clock clock) {
        return TestMeters.aggregator(client, context.getBean(TableSettings.class), clock);
    }

    static UsageMeter meter(Clock clock, long memoryMb) {
        return TestMeters.meter(aggregator(clock), clock, memoryMb);
    }

    static UsageLine line(String id, TenantAccess tenant, String day, long requests) {
        UsageCounters counters = new UsageCounters();
        counters.requests = requests;
        counters.computeMs = requests;
        return UsageLine.of(id, tenant.tenantId(), day, counters);
    }

    static UsageReader reader(Clock clock) {
        return new UsageReader(client, context.getBean(TableSettings.class), clock);
    }

    /** A tenant with an active record (usage of tenants without one is dropped). */
    static TenantAccess activeTenant() {
        return tenant("active");
    }

    static TenantAccess tenant(String status) {
        String id = "ten_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
        TenantAccess access = SystemAccess.forWorker(id);
        client.putItem(b -> b.tableName(table)
                .item(Map.of(
                        Keys.PK,
                        AttributeValue.fromS(Keys.partitionOf(access)),
                        Keys.SK,
                        AttributeValue.fromS(Keys.TENANT_RECORD),
                        "id",
                        AttributeValue.fromS(id),
                        "status",
                        AttributeValue.fromS(status))));
        return access;
    }

    static DailyUsage on(UsageReader reader, TenantAccess tenant, LocalDate day) {
        return reader.daily(tenant, day, day).getFirst();
    }

    @Test
    void everyEvent_isCountedExactlyOnce_acrossInstancesThreadsAndFlushes() throws Exception {
        MovableClock clock = new MovableClock("2026-03-10T12:00:00Z");
        UsageAggregator subscription = aggregator(clock);
        List<UsageMeter> instances = List.of(
                TestMeters.meter(subscription, clock, 512),
                TestMeters.meter(subscription, clock, 512),
                TestMeters.meter(subscription, clock, 512));
        TenantAccess first = activeTenant();
        TenantAccess second = activeTenant();
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                UsageMeter instance = instances.get(t % 3);
                TenantAccess tenant = t % 2 == 0 ? first : second;
                calls.add(() -> {
                    for (int i = 0; i < perThread; i++) {
                        instance.requestServed(tenant, 3);
                        instance.flush(); // as ApiRuntime does after every request
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        LocalDate day = LocalDate.of(2026, 3, 10);
        DailyUsage a = on(reader(clock), first, day);
        DailyUsage b = on(reader(clock), second, day);
        assertEquals(3 * perThread, a.requests());
        assertEquals(3 * perThread, b.requests());
        assertEquals(3L * 3 * perThread, a.computeMs());
        assertEquals(3L * 3 * perThread * 512, a.computeMbMs(), "milliseconds × the function's memory");
        assertTrue(instances.stream().allMatch(m -> m.pendingEvents() == 0), "nothing is held after a flush");
        long lines = instances.stream().mapToLong(UsageMeter::linesWritten).sum();
        assertTrue(lines > 0 && lines <= 6 * perThread, "at most a line per request: " + lines);
    }

    /**
     * The transaction lands but its response is lost (as after a timeout): the delivery fails, comes again, finds the
     * marker and changes nothing, and the count is exact; the line after it is counted as usual.
     */
    @Test
    void aDeliveryWhoseResponseIsLost_comesAgain_andIsCountedOnce() {
        MovableClock clock = new MovableClock("2026-03-11T08:00:00Z");
        UsageMeter meter = meter(clock, 1024);
        TenantAccess tenant = activeTenant();
        for (int i = 0; i < 40; i++) {
            meter.requestServed(tenant, 2);
        }
        meter.flush();
        loseNextResponse.set(true);
        meter.requestServed(tenant, 2);
        meter.flush();
        assertFalse(loseNextResponse.get(), "the write went through, its response was lost");
        LocalDate day = LocalDate.of(2026, 3, 11);
        assertEquals(41, on(reader(clock), tenant, day).requests(), "applied once, though its caller cannot know");

        meter.requestServed(tenant, 2);
        meter.flush(); // within a second of the failure: the line waits behind the lost one
        assertEquals(41, on(reader(clock), tenant, day).requests());
        meter.flushForRead(); // a reader's: the lost one again first (its marker is there, nothing changes), then it

        assertEquals(42, on(reader(clock), tenant, day).requests());
    }

    /**
     * SnapStart: what priming recorded before the snapshot is nobody's usage, and two instances restored from one
     * snapshot must not write lines with the same ids (the markers are made of them, so one would hide the other).
     */
    @Test
    void primingIsNotUsage_andARestoredInstanceWritesIdsOfItsOwn() {
        UsageJournal journal = new UsageJournal(TestMeters.json(), "log", null);
        List<UsageLine> lines = new ArrayList<>();
        journal.addListener(lines::add);
        UsageMeter meter = new UsageMeter(
                journal, new MeteringSettings(true, 1024, 1024), new MovableClock("2026-03-11T10:00:00Z"));
        TenantAccess tenant = SystemAccess.forWorker("ten_01JD3Q5R7C0000000000000CCC");
        meter.requestServed(tenant, 5);
        meter.flush();
        meter.requestServed(tenant, 5); // recorded by priming, say
        meter.beforeCheckpoint(null);
        assertEquals(0, meter.pendingEvents(), "priming's counts are dropped before the snapshot");
        meter.afterRestore(null);
        meter.requestServed(tenant, 1);
        meter.flush();

        assertEquals(2, lines.size());
        assertEquals(1, lines.get(1).requests(), "only the restored instance's own request");
        String before = lines.get(0).id().substring(0, lines.get(0).id().lastIndexOf('-'));
        String after = lines.get(1).id().substring(0, lines.get(1).id().lastIndexOf('-'));
        assertFalse(before.equals(after), "a restored instance names its lines anew: " + before);
    }

    @Test
    void theSameLinesDeliveredTwice_countOnce_otherLinesOfTheSameTenantCount() {
        MovableClock clock = new MovableClock("2026-03-11T09:00:00Z");
        UsageAggregator aggregator = aggregator(clock);
        TenantAccess tenant = activeTenant();
        List<UsageLine> delivery =
                List.of(line("i1-1", tenant, "2026-03-11", 3), line("i1-2", tenant, "2026-03-11", 4));

        UsageAggregator.Result first = aggregator.deliver(delivery);
        UsageAggregator.Result again = aggregator.deliver(List.of(delivery.get(1), delivery.get(0)));
        UsageAggregator.Result other = aggregator.deliver(List.of(line("i2-1", tenant, "2026-03-11", 5)));

        assertEquals(1, first.written());
        assertEquals(1, again.alreadyApplied(), "the same lines, in another order: the same marker");
        assertEquals(0, again.written());
        assertEquals(1, other.written());
        assertEquals(12, on(reader(clock), tenant, LocalDate.of(2026, 3, 11)).requests());
    }

    @Test
    void aPrintedLine_readsBackAsTheSameLine_otherLogLinesAreNotUsage() {
        UsageJournal journal = new UsageJournal(TestMeters.json(), "log", null);
        UsageCounters counters = new UsageCounters();
        counters.requests = 2;
        counters.computeMs = 31;
        counters.computeMbMs = 31 * 1024;
        counters.writes = 1;
        counters.routes.put("GET /v1/projects", 2L);
        counters.users.add("usr_01JD3Q5R7C0000000000000BBB");
        UsageLine line = UsageLine.of("instance-7", "ten_01JD3Q5R7C0000000000000AAA", "2026-03-11", counters);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            journal.write(line);
        } finally {
            System.setOut(terminal);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), "one line, so one log event: " + printed);
        assertFalse(printed.contains("mediaProcessed"), "counters that are 0 are left out: " + printed);
        assertEquals(line, journal.parse(printed.strip()));
        assertEquals(line, journal.parse("2026-03-11T08:00:00Z abc INFO " + printed.strip()), "after a prefix");
        String jsonFormat = new String(
                TestMeters.json().write(Map.of("level", "INFO", "message", printed.strip())), StandardCharsets.UTF_8);
        assertEquals(line, journal.parse(jsonFormat), "the message of a JSON log event");
        assertNull(journal.parse("{\"level\":\"INFO\",\"message\":\"request\"}"));
        assertNull(journal.parse("{\"tenantryUsage\":2,\"id\":\"x\",\"tenantId\":\"t\"}"), "a later version");
    }

    @Test
    void theSyntheticTenant_isNeverMetered_whileAnActiveTenantIsCounted() {
        MovableClock clock = new MovableClock("2026-03-12T09:00:00Z");
        UsageMeter meter = meter(clock, 1024);
        TenantAccess synthetic = SystemAccess.forWorker(SyntheticTenant.TENANT_ID);
        TenantAccess customer = activeTenant();
        for (int i = 0; i < 3; i++) {
            meter.requestServed(synthetic, 5);
            meter.computed(synthetic, 5);
            meter.stored(synthetic, 100);
            meter.requestServed(customer, 5);
        }

        assertEquals(3, meter.pendingEvents(), "only the customer's requests are pending");
        meter.flush();
        LocalDate day = LocalDate.of(2026, 3, 12);
        assertEquals(0, on(reader(clock), synthetic, day).requests());
        assertEquals(0, on(reader(clock), synthetic, day).computeMs());
        assertEquals(3, on(reader(clock), customer, day).requests());
    }

    @Test
    void usageOfATenantThatIsNotActive_isDropped_andWritesNothing() {
        MovableClock clock = new MovableClock("2026-03-12T08:00:00Z");
        UsageAggregator aggregator = aggregator(clock);
        TenantAccess leaving = tenant("deleting");
        TenantAccess unknown = SystemAccess.forWorker("ten_01JD3Q5R7C0000000000000NNN");
        TenantAccess staying = activeTenant();
        UsageAggregator.Result result = aggregator.deliver(List.of(
                line("i1-1", leaving, "2026-03-12", 5),
                line("i1-2", unknown, "2026-03-12", 5),
                line("i1-3", staying, "2026-03-12", 5)));
        assertEquals(2, result.dropped());
        assertEquals(1, result.written(), "the active tenant of the same delivery is counted");
        assertEquals(5, on(reader(clock), staying, LocalDate.of(2026, 3, 12)).requests());
        for (TenantAccess gone : List.of(leaving, unknown)) {
            for (int shard = 0; shard < Keys.USAGE_SHARDS; shard++) {
                String partition = Keys.usagePartitionOf(gone, shard);
                assertEquals(
                        0,
                        client.query(b -> b.tableName(table)
                                        .keyConditionExpression("PK = :pk")
                                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition))))
                                .count());
            }
        }
        assertTrue(reader(clock)
                .activeTenants(LocalDate.of(2026, 3, 12), LocalDate.of(2026, 3, 12))
                .noneMatch(t -> t.tenantId().equals(leaving.tenantId())));
    }

    @Test
    void countsFallOnTheirUtcDay() {
        MovableClock clock = new MovableClock("2026-03-14T23:59:59.500Z");
        UsageMeter meter = meter(clock, 1024);
        TenantAccess tenant = activeTenant();
        for (int i = 0; i < 3; i++) {
            meter.requestServed(tenant, 1);
        }
        clock.advance(1_000);
        for (int i = 0; i < 2; i++) {
            meter.requestServed(tenant, 1);
        }
        meter.invoiceRendered(tenant);
        meter.mediaProcessed(tenant);
        meter.flush();
        UsageReader reader = reader(clock);
        List<DailyUsage> days = reader.daily(tenant, LocalDate.of(2026, 3, 14), LocalDate.of(2026, 3, 15));
        assertEquals(3, days.get(0).requests());
        assertEquals(2, days.get(1).requests());
        assertEquals(1, days.get(1).invoicesRendered());
        assertEquals(1, days.get(1).mediaProcessed());
    }

    @Test
    void storedBytes_areALevel_carriedFromDayToDay() {
        MovableClock clock = new MovableClock("2026-04-01T10:00:00Z");
        UsageMeter meter = meter(clock, 1024);
        TenantAccess tenant = activeTenant();
        meter.stored(tenant, 1_000);
        meter.flush();
        clock.advance(86_400_000L);
        meter.stored(tenant, 500);
        meter.flush();
        clock.advance(2 * 86_400_000L);
        meter.stored(tenant, -300);
        meter.flush();
        clock.advance(86_400_000L); // today is 2026-04-05
        List<Long> levels = reader(clock).daily(tenant, LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 6)).stream()
                .map(DailyUsage::storageBytes)
                .toList();
        assertEquals(List.of(0L, 1_000L, 1_500L, 1_500L, 1_200L, 1_200L, 0L), levels, "the last day is tomorrow");
    }

    @Test
    void theDayIndex_listsTenantsWithUsage_andStreamsTheirUsage_purgedOnesFlagged() {
        MovableClock clock = new MovableClock("2026-05-20T10:00:00Z");
        UsageMeter meter = meter(clock, 1024);
        TenantAccess one = activeTenant();
        TenantAccess two = activeTenant();
        TenantAccess gone = activeTenant();
        meter.requestServed(one, 5);
        meter.requestServed(two, 5);
        meter.requestServed(two, 5);
        meter.requestServed(gone, 5);
        meter.stored(gone, 4_096);
        meter.flush();
        clock.advance(86_400_000L);
        meter.requestServed(one, 5);
        meter.flush();
        // The purge archives a departing tenant's usage; the archive is what finance reads from then on.
        UsageArchive archive = new UsageArchive(client, context.getBean(TableSettings.class), reader(clock));
        assertEquals(1, archive.archive(gone, Instant.parse("2026-05-21T09:00:00Z")));

        UsageReader reader = reader(clock);
        LocalDate may20 = LocalDate.of(2026, 5, 20);
        LocalDate may21 = LocalDate.of(2026, 5, 21);
        Map<String, ActiveTenant> active =
                reader.activeTenants(may20, may21).collect(Collectors.toMap(ActiveTenant::tenantId, t -> t));
        assertTrue(active.keySet().containsAll(List.of(one.tenantId(), two.tenantId(), gone.tenantId())));
        assertTrue(active.get(gone.tenantId()).deleted());
        assertFalse(active.get(one.tenantId()).deleted());
        assertTrue(
                reader.activeTenants(may21, may21).noneMatch(t -> t.tenantId().equals(two.tenantId())));

        Map<String, TenantUsage> usage = reader.usage(may20, may21)
                .collect(Collectors.toMap(u -> u.tenant().tenantId(), u -> u));
        assertEquals(2, usage.get(one.tenantId()).requests());
        assertEquals(2, usage.get(two.tenantId()).requests());
        assertEquals(1, usage.get(gone.tenantId()).requests());
        assertEquals(
                List.of(4_096L, 4_096L),
                usage.get(gone.tenantId()).days().stream()
                        .map(DailyUsage::storageBytes)
                        .toList());
        assertEquals(2, usage.get(gone.tenantId()).days().size());
    }
}
