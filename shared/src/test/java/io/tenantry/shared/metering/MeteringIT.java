package io.tenantry.shared.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.atomic.AtomicInteger;
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
 * The meter on DynamoDB with a clock the test moves. Several meters stand for several Lambda instances
 * of any functions; together they count every event exactly once.
 */
@EmulatedAws
class MeteringIT {
    static ApplicationContext context;
    static AwsEnvironment aws;
    static String table;
    static final AtomicInteger transactions = new AtomicInteger();
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
            public void beforeExecution(Context.BeforeExecution execution, ExecutionAttributes attributes) {
                if (execution.request() instanceof TransactWriteItemsRequest) {
                    transactions.incrementAndGet();
                }
            }

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

    static UsageMeter meter(Clock clock, long flushSeconds, long flushEvents, long memoryMb) {
        return new UsageMeter(
                new UsageStore(client, context.getBean(TableSettings.class)),
                new MeteringSettings(true, flushSeconds, flushEvents, memoryMb, 1024),
                clock);
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
        List<UsageMeter> instances =
                List.of(meter(clock, 10, 50, 512), meter(clock, 10, 50, 512), meter(clock, 10, 50, 512));
        TenantAccess first = activeTenant();
        TenantAccess second = activeTenant();
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                UsageMeter instance = instances.get(t % 3);
                TenantAccess tenant = t % 2 == 0 ? first : second;
                calls.add(() -> {
                    for (int i = 0; i < perThread; i++) {
                        instance.requestServed(tenant, 3);
                        instance.flushIfDue(); // as ApiRuntime does after every request
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
        instances.forEach(UsageMeter::flush);

        LocalDate day = LocalDate.of(2026, 3, 10);
        DailyUsage a = on(reader(clock), first, day);
        DailyUsage b = on(reader(clock), second, day);
        assertEquals(3 * perThread, a.requests());
        assertEquals(3 * perThread, b.requests());
        assertEquals(3L * 3 * perThread, a.computeMs());
        assertEquals(3L * 3 * perThread * 512, a.computeMbMs(), "milliseconds × the function's memory");
        long written = instances.stream()
                .mapToLong(m -> m.statistics().writtenEvents())
                .sum();
        assertEquals(6 * perThread, written);
        assertTrue(
                instances.stream().mapToLong(m -> m.statistics().transactions()).sum() <= 6 * perThread / 50 + 6,
                "one write per tenant per flush, a flush per 50 events");
    }

    @Test
    void aWriteWhoseResponseIsLost_isRetriedWithItsToken_andCountedOnce() {
        MovableClock clock = new MovableClock("2026-03-11T08:00:00Z");
        UsageMeter meter = meter(clock, 10, 1000, 1024);
        TenantAccess tenant = activeTenant();
        for (int i = 0; i < 40; i++) {
            meter.requestServed(tenant, 2);
        }
        loseNextResponse.set(true);
        meter.flush();
        assertFalse(loseNextResponse.get(), "the write went through, its response was lost");
        assertEquals(0, meter.statistics().writtenEvents());

        clock.advance(10_000);
        for (int i = 0; i < 2; i++) {
            meter.requestServed(tenant, 2);
        }
        meter.flushIfDue();

        assertEquals(42, on(reader(clock), tenant, LocalDate.of(2026, 3, 11)).requests());
        assertEquals(42, meter.statistics().writtenEvents());
    }

    @Test
    void theSyntheticTenant_isNeverMetered_whileAnActiveTenantIsCounted() {
        MovableClock clock = new MovableClock("2026-03-12T09:00:00Z");
        UsageMeter meter = meter(clock, 10, 1000, 1024);
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
        UsageMeter meter = meter(clock, 10, 1000, 1024);
        TenantAccess leaving = tenant("deleting");
        TenantAccess unknown = SystemAccess.forWorker("ten_01JD3Q5R7C0000000000000NNN");
        for (int i = 0; i < 5; i++) {
            meter.requestServed(leaving, 1);
            meter.requestServed(unknown, 1);
        }
        meter.flush();
        assertEquals(10, meter.statistics().droppedEvents());
        assertEquals(0, meter.pendingEvents());
        for (int shard = 0; shard < Keys.USAGE_SHARDS; shard++) {
            String partition = Keys.usagePartitionOf(leaving, shard);
            assertEquals(
                    0,
                    client.query(b -> b.tableName(table)
                                    .keyConditionExpression("PK = :pk")
                                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition))))
                            .count());
        }
        assertTrue(reader(clock)
                .activeTenants(LocalDate.of(2026, 3, 12), LocalDate.of(2026, 3, 12))
                .noneMatch(t -> t.tenantId().equals(leaving.tenantId())));
    }

    @Test
    void aFlushIsDue_afterTheIntervalOrTheEventThreshold_notBefore() {
        MovableClock clock = new MovableClock("2026-03-13T08:00:00Z");
        UsageMeter meter = meter(clock, 10, 5, 1024);
        TenantAccess tenant = activeTenant();
        int before = transactions.get();
        meter.requestServed(tenant, 1);
        clock.advance(9_999);
        meter.flushIfDue();
        assertEquals(before, transactions.get(), "not yet due");
        assertEquals(1, meter.pendingEvents());
        clock.advance(1);
        meter.flushIfDue();
        assertEquals(before + 1, transactions.get(), "the oldest event is 10 s old");
        for (int i = 0; i < 4; i++) {
            meter.requestServed(tenant, 1);
            meter.flushIfDue();
        }
        assertEquals(4, meter.pendingEvents(), "what an instance reclaimed now would lose");
        meter.requestServed(tenant, 1);
        meter.flushIfDue();
        assertEquals(0, meter.pendingEvents(), "5 events pending: due");
        assertEquals(6, on(reader(clock), tenant, LocalDate.of(2026, 3, 13)).requests());
    }

    @Test
    void countsFallOnTheirUtcDay() {
        MovableClock clock = new MovableClock("2026-03-14T23:59:59.500Z");
        UsageMeter meter = meter(clock, 10, 1000, 1024);
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
        UsageMeter meter = meter(clock, 10, 1000, 1024);
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
        UsageMeter meter = meter(clock, 10, 1000, 1024);
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
