package io.tenantry.shared.metering;

import io.tenantry.shared.auth.SyntheticTenant;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-tenant, per-UTC-day usage, counted in memory and written to DynamoDB in batches, so that a busy
 * function pays a write per tenant per flush rather than per request. Every function records through
 * it: {@code ApiRuntime} counts each admitted tenant request with its billed duration, workers record
 * compute, stored bytes, media processed and invoices rendered.
 *
 * <p>A flush is due when the oldest pending event is {@link MeteringSettings#flushMillis()} old or
 * {@link MeteringSettings#flushEvents()} events are pending; the request path calls {@link
 * #flushIfDue()} at the end of every invocation (Lambda freezes an instance between invocations, so
 * there is no background flush). Each tenant's batch is one DynamoDB transaction (see {@link
 * UsageStore}) with an idempotency token: a write whose outcome is unknown is retried with the same
 * token and applied once. What an instance holds when Lambda reclaims it is lost: at most the events
 * of the last flush interval, and at most {@code flushEvents} of them. See docs/metering.md.
 */
@Singleton
public final class UsageMeter {
    private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

    /** A write of unknown outcome is retried with its token only while DynamoDB still remembers it. */
    static final Duration TOKEN_WINDOW = Duration.ofMinutes(9);

    /** Days an instance remembers having written an index entry for, besides today. */
    private static final int INDEX_MEMORY_DAYS = 2;

    private final UsageStore store;
    private final MeteringSettings settings;
    private final Clock clock;

    private final Object lock = new Object();
    private final ReentrantLock flushing = new ReentrantLock();
    /** Guarded by {@link #lock}: pending counters by tenant id, then day. */
    private Map<String, Pending> pending = new HashMap<>();

    private long pendingEvents;
    private long oldestPendingMillis;
    /** Guarded by {@link #flushing}: batches whose write may or may not have been applied. */
    private final List<UsageBatch> unsettled = new ArrayList<>();
    /** When the oldest unsettled batch was first tried; 0 when there is none. */
    private volatile long oldestUnsettledMillis;
    /** Guarded by {@link #flushing}: (tenant, day) pairs whose index entry this instance has written. */
    private final Set<String> indexed = new HashSet<>();

    /** Made on first use, after any SnapStart restore, so restored instances do not share a seed. */
    private SecureRandom random;

    private final Statistics statistics = new Statistics();

    public UsageMeter(UsageStore store, MeteringSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    private record Pending(TenantAccess access, Map<LocalDate, UsageCounters> days) {}

    /** One admitted request of a tenant route, and the milliseconds Lambda bills for it. */
    public void requestServed(TenantAccess access, long billedMillis) {
        long millis = Math.max(1, billedMillis);
        record(access, c -> {
            c.requests++;
            c.computeMs += millis;
            c.computeMbMs += millis * settings.memoryMb();
        });
    }

    /**
     * One admitted request of a tenant route, with what activity analytics counts of it: its route
     * ({@code "POST /v1/projects"}), its status (a write is a successful non-{@code GET}; 4xx and 5xx are
     * client and server errors) and the user who made it.
     */
    public void requestServed(TenantAccess access, long billedMillis, String route, int status) {
        long millis = Math.max(1, billedMillis);
        boolean read = route == null || route.startsWith("GET ");
        record(access, c -> {
            c.requests++;
            c.computeMs += millis;
            c.computeMbMs += millis * settings.memoryMb();
            if (!read && status < 400) {
                c.writes++;
            }
            if (status >= 500) {
                c.serverErrors++;
            } else if (status >= 400) {
                c.clientErrors++;
            }
            if (route != null) {
                c.routes.merge(route, 1L, Long::sum);
            }
            if (access.userId() != null) {
                c.users.add(access.userId());
            }
        });
    }

    /** Compute a worker spent for a tenant (billed milliseconds), without a request. */
    public void computed(TenantAccess access, long billedMillis) {
        long millis = Math.max(1, billedMillis);
        record(access, c -> {
            c.computeMs += millis;
            c.computeMbMs += millis * settings.memoryMb();
        });
    }

    /** A change of the bytes a tenant stores: positive when objects or items are written, negative when removed. */
    public void stored(TenantAccess access, long deltaBytes) {
        if (deltaBytes != 0) {
            record(access, c -> c.storageDeltaBytes += deltaBytes);
        }
    }

    /** One media file processed for a tenant (checked and resized, or rejected). */
    public void mediaProcessed(TenantAccess access) {
        record(access, c -> c.mediaProcessed++);
    }

    /** One invoice rendered for a tenant. */
    public void invoiceRendered(TenantAccess access) {
        record(access, c -> c.invoicesRendered++);
    }

    private void record(TenantAccess access, Consumer<UsageCounters> change) {
        // The deployment checks' tenant is never metered, so never billed (SyntheticTenant).
        if (!settings.enabled() || SyntheticTenant.is(access.tenantId())) {
            return;
        }
        long now = clock.millis();
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        synchronized (lock) {
            Pending tenant = pending.computeIfAbsent(access.tenantId(), id -> new Pending(access, new TreeMap<>()));
            UsageCounters counters = tenant.days().computeIfAbsent(day, d -> new UsageCounters());
            change.accept(counters);
            counters.events++;
            if (pendingEvents == 0) {
                oldestPendingMillis = now;
            }
            pendingEvents++;
        }
    }

    /** True when a flush is due: the oldest pending event is old enough, or enough events are pending. */
    public boolean isFlushDue() {
        long now = clock.millis();
        synchronized (lock) {
            if (pendingEvents >= settings.flushEvents()) {
                return true;
            }
            if (pendingEvents > 0 && now - oldestPendingMillis >= settings.flushMillis()) {
                return true;
            }
        }
        long unsettledSince = oldestUnsettledMillis;
        return unsettledSince > 0 && now - unsettledSince >= settings.flushMillis();
    }

    /** Flushes when due; never throws (metering must not fail the request it follows). */
    public void flushIfDue() {
        if (!settings.enabled()) {
            return;
        }
        try {
            if (isFlushDue()) {
                flush();
            }
        } catch (RuntimeException e) {
            LOG.warn("Usage flush failed; the counts stay pending", e);
        }
    }

    /**
     * Writes every pending count now: first the batches whose earlier write had an unknown outcome
     * (same token), then one new batch per tenant. Skipped (returns 0) while another thread flushes.
     *
     * @return the write capacity units the writes consumed, as DynamoDB reported them
     */
    public double flush() {
        if (!flushing.tryLock()) {
            return 0;
        }
        try {
            double units = 0;
            long now = clock.millis();
            List<UsageBatch> retries = new ArrayList<>(unsettled);
            unsettled.clear();
            for (UsageBatch batch : retries) {
                if (now - batch.firstAttemptMillis() > TOKEN_WINDOW.toMillis()) {
                    statistics.lost(batch.events());
                    LOG.atError()
                            .addKeyValue("tenantId", batch.tenantId())
                            .addKeyValue("usage", batch.days().toString())
                            .log("Usage batch dropped: its write had an unknown outcome and can no longer be retried"
                                    + " safely");
                    continue;
                }
                units += write(batch);
            }
            for (UsageBatch batch : takePending(now)) {
                units += write(batch);
            }
            LocalDate oldest = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC)
                    .minusDays(INDEX_MEMORY_DAYS);
            oldestUnsettledMillis = unsettled.stream()
                    .mapToLong(UsageBatch::firstAttemptMillis)
                    .min()
                    .orElse(0);
            indexed.removeIf(
                    k -> LocalDate.parse(k.substring(k.indexOf('|') + 1)).isBefore(oldest));
            return units;
        } finally {
            flushing.unlock();
        }
    }

    private List<UsageBatch> takePending(long now) {
        Map<String, Pending> taken;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return List.of();
            }
            taken = pending;
            pending = new HashMap<>();
            pendingEvents = 0;
        }
        List<UsageBatch> batches = new ArrayList<>();
        for (Pending tenant : taken.values()) {
            long storage = tenant.days().values().stream()
                    .mapToLong(c -> c.storageDeltaBytes)
                    .sum();
            Set<LocalDate> newIndexDays = new LinkedHashSet<>();
            for (LocalDate day : tenant.days().keySet()) {
                if (!indexed.contains(tenant.access().tenantId() + "|" + day)) {
                    newIndexDays.add(day);
                }
            }
            batches.add(new UsageBatch(
                    tenant.access(),
                    tenant.days(),
                    storage,
                    Set.copyOf(newIndexDays),
                    random().nextInt(Keys.USAGE_SHARDS),
                    UUID.randomUUID().toString(),
                    now));
        }
        return batches;
    }

    private double write(UsageBatch batch) {
        UsageStore.Result result;
        try {
            result = store.write(batch);
        } catch (RuntimeException e) {
            result = new UsageStore.Result(UsageStore.Outcome.UNKNOWN, 0, e.toString());
        }
        switch (result.outcome()) {
            case WRITTEN -> {
                store.addActiveUsers(batch);
                batch.newIndexDays().forEach(day -> indexed.add(batch.tenantId() + "|" + day));
                statistics.written(batch.events(), result.writeUnits());
            }
            case TENANT_INACTIVE -> {
                statistics.dropped(batch.events());
                LOG.atDebug()
                        .addKeyValue("tenantId", batch.tenantId())
                        .log("Usage of a tenant that is not active was dropped");
            }
            case NOT_APPLIED -> requeue(batch);
            case UNKNOWN -> {
                LOG.atWarn()
                        .addKeyValue("tenantId", batch.tenantId())
                        .addKeyValue("reason", result.detail())
                        .log("Usage write had an unknown outcome; it will be retried with the same token");
                unsettled.add(batch);
            }
            case REFUSED -> {
                statistics.lost(batch.events());
                LOG.atError()
                        .addKeyValue("tenantId", batch.tenantId())
                        .addKeyValue("reason", result.detail())
                        .addKeyValue("usage", batch.days().toString())
                        .log("Usage write refused; the counts are dropped");
            }
        }
        return result.writeUnits();
    }

    /** Puts a batch that was certainly not applied back among the pending counts. */
    private void requeue(UsageBatch batch) {
        synchronized (lock) {
            Pending tenant =
                    pending.computeIfAbsent(batch.tenantId(), id -> new Pending(batch.access(), new TreeMap<>()));
            batch.days()
                    .forEach((day, counters) -> tenant.days()
                            .computeIfAbsent(day, d -> new UsageCounters())
                            .add(counters));
            if (pendingEvents == 0) {
                oldestPendingMillis = batch.firstAttemptMillis();
            }
            pendingEvents += batch.events();
        }
    }

    private SecureRandom random() {
        if (random == null) {
            random = new SecureRandom();
        }
        return random;
    }

    /** Events pending in this instance (not yet written), for tests and the benchmark. */
    public long pendingEvents() {
        synchronized (lock) {
            return pendingEvents;
        }
    }

    /** What this instance has written, dropped and lost so far. */
    public Statistics statistics() {
        return statistics;
    }

    /** Counts of this instance's flushes. */
    public static final class Statistics {
        private long writtenEvents;
        private long transactions;
        private double writeUnits;
        private long droppedEvents;
        private long lostEvents;

        synchronized void written(long events, double units) {
            writtenEvents += events;
            transactions++;
            writeUnits += units;
        }

        synchronized void dropped(long events) {
            droppedEvents += events;
        }

        synchronized void lost(long events) {
            lostEvents += events;
        }

        /** Events written to DynamoDB. */
        public synchronized long writtenEvents() {
            return writtenEvents;
        }

        /** Successful flush transactions (one per tenant per flush). */
        public synchronized long transactions() {
            return transactions;
        }

        /** Write capacity units DynamoDB reported for those transactions. */
        public synchronized double writeUnits() {
            return writeUnits;
        }

        /** Events of tenants that were not active when flushed (offboarded, or without a record). */
        public synchronized long droppedEvents() {
            return droppedEvents;
        }

        /** Events given up on: refused writes, or unknown outcomes past the token's window. */
        public synchronized long lostEvents() {
            return lostEvents;
        }
    }
}
