package io.tenantry.shared.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.testing.MovableClock;
import io.tenantry.shared.testing.TestMeters;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the cost export reads through {@link UsageReader}, on DynamoDB Local: the merge of the
 * indexes (each tenant once, in (shard, id) order) and the batched read (exactly what the per-tenant
 * read returns, in fewer calls). Each test writes to days of its own, so that the index partitions it
 * reads hold only its tenants.
 */
@EmulatedAws
class UsageExportReadIT {
    static CountingDynamoDb client;
    static TableSettings table;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        client = new CountingDynamoDb(aws.dynamoDb());
        table = new TableSettings(aws.functionEnvironment("GetUsageFunction").get("TENANTRY_TABLE"));
    }

    @BeforeEach
    void resetHoldBack() {
        client.holdBack = keys -> List.of();
    }

    static UsageMeter meter(Clock clock) {
        return TestMeters.meter(TestMeters.aggregator(client, table, clock), clock, 512);
    }

    static UsageReader reader(Clock clock) {
        return new UsageReader(client, table, clock);
    }

    static String newTenantId() {
        return "ten_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
    }

    /** A tenant with an active record (the meter drops usage of tenants without one). */
    static TenantAccess tenant(String id) {
        TenantAccess access = new Caller(
                        "test-issuer", "s", Optional.empty(), false, Optional.empty(), Optional.empty())
                .ownerOfNewTenant(id, "usr_TEST");
        client.putItem(b -> b.tableName(table.name())
                .item(Map.of(
                        Keys.PK,
                        AttributeValue.fromS(Keys.partitionOf(access)),
                        Keys.SK,
                        AttributeValue.fromS(Keys.TENANT_RECORD),
                        "id",
                        AttributeValue.fromS(id),
                        "status",
                        AttributeValue.fromS("active"))));
        return access;
    }

    static TenantAccess tenant() {
        return tenant(newTenantId());
    }

    static ActiveTenant live(TenantAccess access) {
        return new ActiveTenant(access.tenantId(), false, Optional.empty());
    }

    static ActiveTenant purged(TenantAccess access, Instant deletedAt) {
        return new ActiveTenant(access.tenantId(), true, Optional.of(deletedAt));
    }

    static LocalDate day(String day) {
        return LocalDate.parse(day);
    }

    /** What the batched read must equal: the per-tenant read of each. */
    static List<TenantUsage> oneByOne(UsageReader reader, List<ActiveTenant> tenants, LocalDate from, LocalDate to) {
        return tenants.stream().map(t -> reader.usage(t, from, to)).toList();
    }

    /** (shard, id): the order {@link UsageReader#activeTenants} promises. */
    static final Comparator<ActiveTenant> SHARD_THEN_ID = Comparator.<ActiveTenant>comparingInt(
                    t -> Keys.usageDayIndexShardOf(t.tenantId()))
            .thenComparing(ActiveTenant::tenantId);

    @Test
    void batchedUsage_isExactlyThePerTenantUsage_forPastTodayFutureAndLongPeriods() {
        MovableClock clock = new MovableClock("2027-02-01T10:00:00Z");
        UsageMeter meter = meter(clock);
        TenantAccess a = tenant();
        TenantAccess b = tenant();
        TenantAccess late = tenant(); // usage only after the usual `to`
        TenantAccess gone = tenant();
        TenantAccess idle = tenant(); // a record, no usage at all
        TenantAccess today = tenant();
        for (int d = 1; d <= 10; d++) {
            clock.setDay(String.format("2027-02-%02d", d));
            // Several flushes a day: each picks a usage shard at random, so days spread over shards.
            for (int flush = 0; flush < 3; flush++) {
                meter.requestServed(b, 7);
                meter.stored(b, 100 + flush);
                meter.flush();
            }
            switch (d) {
                case 1, 3, 5 -> meter.requestServed(a, 4);
                case 2 -> meter.stored(a, 1_000);
                case 4 -> meter.stored(a, 500);
                case 6 -> meter.invoiceRendered(a);
                case 8 -> meter.stored(a, -300); // after `to`: the level of earlier days walks back over it
                default -> {}
            }
            if (d >= 2 && d <= 5) {
                meter.requestServed(gone, 2);
                meter.stored(gone, 2_048);
                meter.mediaProcessed(gone);
            }
            if (d == 9) {
                meter.stored(late, 4_096);
                meter.requestServed(late, 1);
            }
            if (d == 10) {
                meter.requestServed(today, 3);
                meter.stored(today, 10);
            }
            meter.flush();
        }
        Instant deletedAt = Instant.parse("2027-02-07T09:00:00Z");
        assertEquals(4, new UsageArchive(client, table, reader(clock)).archive(gone, deletedAt));
        clock.setDay("2027-02-10");
        UsageReader reader = reader(clock);
        List<ActiveTenant> tenants =
                List.of(live(a), live(b), live(late), purged(gone, deletedAt), live(idle), live(today));

        List<List<LocalDate>> periods = List.of(
                List.of(day("2027-02-03"), day("2027-02-06")), // past, changes after `to` up to today
                List.of(day("2027-02-05"), day("2027-02-05")), // one past day
                List.of(day("2027-02-10"), day("2027-02-10")), // today
                List.of(day("2027-02-09"), day("2027-02-12")), // into the future
                List.of(day("2027-02-20"), day("2027-02-25")), // wholly in the future
                List.of(day("2027-01-20"), day("2027-02-06"))); // too many keys a tenant: the queries
        for (List<LocalDate> period : periods) {
            LocalDate from = period.get(0);
            LocalDate to = period.get(1);
            assertEquals(oneByOne(reader, tenants, from, to), reader.usage(tenants, from, to), from + ".." + to);
            try (Stream<TenantUsage> all = reader.usage(from, to)) {
                assertEquals(
                        oneByOne(reader, reader.activeTenants(from, to).toList(), from, to),
                        all.toList(),
                        "the stream, " + from + ".." + to);
            }
        }

        // Not vacuous: the levels walk back over a change after `to`, the purged tenant reads its archive.
        List<TenantUsage> past = reader.usage(tenants, day("2027-02-03"), day("2027-02-06"));
        assertEquals(
                List.of(1_000L, 1_500L, 1_500L, 1_500L),
                past.get(0).days().stream().map(DailyUsage::storageBytes).toList());
        assertEquals(2, past.get(0).requests());
        assertEquals(1, past.get(0).invoicesRendered());
        assertEquals(12, past.get(1).requests());
        assertEquals(0, past.get(2).requests());
        assertEquals(
                List.of(0L, 0L, 0L, 0L),
                past.get(2).days().stream().map(DailyUsage::storageBytes).toList(),
                "stored after `to`: nothing before");
        assertTrue(past.get(3).tenant().deleted());
        assertEquals(3, past.get(3).requests());
        assertEquals(
                List.of(4_096L, 6_144L, 8_192L, 8_192L),
                past.get(3).days().stream().map(DailyUsage::storageBytes).toList());

        // Calls: 5 live tenants × (8 shards × 2 days + 1 storage total) = 85 keys, one BatchGetItem;
        // the purged tenant's archive, one query.
        client.reset();
        reader.usage(tenants, day("2027-02-09"), day("2027-02-10"));
        assertEquals(List.of(85), client.batchGetSizes);
        assertEquals(1, client.queries.get());
        assertEquals(0, client.gets.get());
        // A period wholly after today reads nothing for live tenants.
        client.reset();
        reader.usage(tenants, day("2027-02-20"), day("2027-02-25"));
        assertEquals(0, client.batchGets.get());
        assertEquals(0, client.gets.get());
        assertEquals(1, client.queries.get());
    }

    @Test
    void activeTenants_mergeEmitsEachTenantOnce_inShardAndIdOrder_purgedOnesFlagged() {
        MovableClock clock = new MovableClock("2027-06-09T10:00:00Z");
        UsageMeter meter = meter(clock);
        List<TenantAccess> tenants = tenantsSharingShards(12);
        // Overlapping days: tenant i has usage on two of the four days, several on each.
        for (int d = 10; d <= 13; d++) {
            clock.setDay("2027-06-" + d);
            for (int i = 0; i < tenants.size(); i++) {
                if (i % 4 == d - 10 || (i + 1) % 4 == d - 10) {
                    meter.requestServed(tenants.get(i), 1);
                }
            }
            meter.flush();
        }
        TenantAccess purging = tenant(); // archived, live entries not deleted yet
        TenantAccess purgedInPeriod = tenant(); // archived, live entries deleted
        TenantAccess purgedPartly = tenant(); // archived, usage on the last day of the period and after
        TenantAccess purgedLaterInMonth = tenant(); // archived, same month, not in the period
        TenantAccess before = tenant(); // live, the day before the period
        TenantAccess acrossMonths = tenant(); // archived, usage in two months of the second period
        TenantAccess liveAcross = tenant();
        write(clock, meter, "2027-06-09", before);
        write(clock, meter, "2027-06-11", purging);
        write(clock, meter, "2027-06-12", purging, purgedInPeriod);
        write(clock, meter, "2027-06-13", purgedPartly);
        write(clock, meter, "2027-06-14", purgedPartly);
        write(clock, meter, "2027-06-20", purgedLaterInMonth);
        write(clock, meter, "2027-06-29", liveAcross);
        write(clock, meter, "2027-06-30", acrossMonths);
        write(clock, meter, "2027-07-01", acrossMonths);
        write(clock, meter, "2027-07-02", liveAcross);
        clock.setDay("2027-07-05");
        UsageArchive archive = new UsageArchive(client, table, reader(clock));
        Instant deletedAt = Instant.parse("2027-07-04T08:00:00Z");
        for (TenantAccess t : List.of(purging, purgedInPeriod, purgedPartly, purgedLaterInMonth, acrossMonths)) {
            archive.archive(t, deletedAt);
        }
        client.deleteItem(b -> b.tableName(table.name())
                .key(UsageStore.key(
                        Keys.usageDayIndexOf(day("2027-06-12"), purgedInPeriod.tenantId()),
                        purgedInPeriod.tenantId())));

        List<ActiveTenant> expected = new ArrayList<>();
        tenants.forEach(t -> expected.add(live(t)));
        expected.add(purged(purging, deletedAt));
        expected.add(purged(purgedInPeriod, deletedAt));
        expected.add(purged(purgedPartly, deletedAt));
        expected.sort(SHARD_THEN_ID);
        LocalDate from = day("2027-06-10");
        LocalDate to = day("2027-06-13");
        UsageReader reader = reader(clock);
        assertEquals(expected, reader.activeTenants(from, to).toList());
        for (int pageLimit : List.of(1, 2, 3)) {
            assertEquals(expected, merge(from, to, pageLimit), "pages of " + pageLimit);
        }
        assertEquals(
                expected.stream().filter(t -> !t.deleted()).toList(),
                reader.activeTenants(from, to).filter(t -> !t.deleted()).toList());

        // Across a month boundary: a purged tenant in two months' deletion index comes out once.
        List<ActiveTenant> across = Stream.of(purged(acrossMonths, deletedAt), live(liveAcross))
                .sorted(SHARD_THEN_ID)
                .toList();
        assertEquals(
                across,
                reader.activeTenants(day("2027-06-29"), day("2027-07-02")).toList());
        assertEquals(across, merge(day("2027-06-29"), day("2027-07-02"), 1));
        // One day, DynamoDB's own pages.
        assertEquals(
                List.of(purged(purgedLaterInMonth, deletedAt)),
                reader.activeTenants(day("2027-06-20"), day("2027-06-20")).toList());
    }

    @Test
    void theUsageStream_readsFiftyTenantsAtATime_withBatchGetItem() {
        MovableClock clock = new MovableClock("2027-09-15T10:00:00Z");
        UsageMeter meter = meter(clock);
        List<TenantAccess> tenants = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            TenantAccess t = tenant();
            tenants.add(t);
            meter.requestServed(t, 5);
            meter.stored(t, 100 * i);
        }
        meter.flush();
        UsageReader reader = reader(clock);
        LocalDate day = day("2027-09-15");

        client.reset();
        List<TenantUsage> usage;
        try (Stream<TenantUsage> all = reader.usage(day, day)) {
            usage = all.toList();
        }
        // The merge: 32 shards × (the day + the month of the deletion index), one page each.
        assertEquals(64, client.queries.get());
        // 50 tenants × 9 keys = 450 keys, 5 calls; then 10 × 9 = 90 keys, 1 call.
        assertEquals(List.of(100, 100, 100, 100, 50, 90), client.batchGetSizes);
        assertEquals(0, client.gets.get());
        assertEquals(
                tenants.stream()
                        .map(UsageExportReadIT::live)
                        .sorted(SHARD_THEN_ID)
                        .toList(),
                usage.stream().map(TenantUsage::tenant).toList());
        assertTrue(usage.stream().allMatch(u -> u.requests() == 1));

        client.reset();
        List<TenantUsage> perTenant =
                oneByOne(reader, usage.stream().map(TenantUsage::tenant).toList(), day, day);
        assertEquals(usage, perTenant);
        assertEquals(60 * 8, client.queries.get(), "per tenant: a query per usage shard");
        assertEquals(60, client.gets.get(), "and the storage total");
    }

    @Test
    void unprocessedKeys_areRetried_untilEveryKeyIsRead() {
        MovableClock clock = new MovableClock("2027-11-04T10:00:00Z");
        UsageMeter meter = meter(clock);
        List<TenantAccess> tenants = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tenants.add(tenant());
        }
        for (String d : List.of("2027-11-04", "2027-11-05")) {
            clock.setDay(d);
            for (TenantAccess t : tenants) {
                meter.requestServed(t, 2);
                meter.stored(t, 512);
            }
            meter.flush();
        }
        UsageReader reader = reader(clock);
        List<ActiveTenant> active =
                tenants.stream().map(UsageExportReadIT::live).toList();
        LocalDate from = day("2027-11-04");
        LocalDate to = day("2027-11-05");
        List<TenantUsage> expected = oneByOne(reader, active, from, to);

        AtomicBoolean first = new AtomicBoolean(true);
        client.holdBack = keys -> first.getAndSet(false) ? keys.subList(keys.size() / 2, keys.size()) : List.of();
        client.reset();
        assertEquals(expected, reader.usage(active, from, to));
        // 6 × 17 = 102 keys: 100, of which 50 come back unprocessed and are asked again, then 2.
        assertEquals(List.of(100, 50, 2), client.batchGetSizes);
        assertTrue(expected.stream().allMatch(u -> u.requests() == 2));
    }

    @Test
    void keysThatStayUnprocessed_failTheRead_afterBoundedAttempts() {
        MovableClock clock = new MovableClock("2027-12-01T10:00:00Z");
        UsageMeter meter = meter(clock);
        TenantAccess t = tenant();
        meter.requestServed(t, 2);
        meter.flush();
        client.holdBack = keys -> keys;
        client.reset();
        BatchedUsageRead read = new BatchedUsageRead(client, table.name(), reader(clock), 1);
        LocalDate day = day("2027-12-01");
        assertThrows(IllegalStateException.class, () -> read.read(List.of(live(t)), day, day));
        assertEquals(io.tenantry.shared.data.BatchGets.MAX_ATTEMPTS_WITHOUT_PROGRESS, client.batchGets.get());
    }

    @Test
    void theMergeOrder_isDynamoDbsOrder_codePoints() {
        assertTrue(ActiveTenantMerge.compareCodePoints("ten_A", "ten_B") < 0);
        assertTrue(ActiveTenantMerge.compareCodePoints("ten_A", "ten_AB") < 0);
        assertEquals(0, ActiveTenantMerge.compareCodePoints("ten_A", "ten_A"));
        // UTF-16 puts a supplementary character (a surrogate pair, 0xD83D…) before U+FFFD; UTF-8 after.
        assertTrue("\uD83D\uDE00".compareTo("\uFFFD") < 0);
        assertTrue(ActiveTenantMerge.compareCodePoints("\uD83D\uDE00", "\uFFFD") > 0);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static List<ActiveTenant> merge(LocalDate from, LocalDate to, int pageLimit) {
        List<ActiveTenant> tenants = new ArrayList<>();
        Iterator<ActiveTenant> merge = new ActiveTenantMerge(client, table.name(), from, to, pageLimit);
        merge.forEachRemaining(tenants::add);
        assertFalse(merge.hasNext());
        return tenants;
    }

    private static void write(MovableClock clock, UsageMeter meter, String day, TenantAccess... tenants) {
        clock.setDay(day);
        for (TenantAccess t : tenants) {
            meter.requestServed(t, 1);
            meter.stored(t, 64);
        }
        meter.flush();
    }

    /** {@code count} tenants, among which two pairs fall in the same day-index shard. */
    private static List<TenantAccess> tenantsSharingShards(int count) {
        List<String> ids = new ArrayList<>();
        for (int pair = 0; pair < 2; pair++) {
            String first = newTenantId();
            String second = newTenantId();
            while (Keys.usageDayIndexShardOf(second) != Keys.usageDayIndexShardOf(first)) {
                second = newTenantId();
            }
            ids.add(first);
            ids.add(second);
        }
        while (ids.size() < count) {
            ids.add(newTenantId());
        }
        return ids.stream().map(UsageExportReadIT::tenant).toList();
    }
}
