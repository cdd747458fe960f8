package io.tenantry.shared.metering;

import io.tenantry.shared.auth.SyntheticTenant;
import io.tenantry.shared.auth.TenantAccess;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-tenant, per-UTC-day usage as an invocation records it. Every function records through it: {@code
 * ApiRuntime} counts each admitted tenant request with its billed duration, the items layer the stored bytes,
 * workers the compute, media processed and invoices rendered. At the end of every invocation, before its response
 * leaves, {@link #flush()} writes what the invocation recorded to the {@link UsageJournal}: one line per tenant and
 * day on the function's log, which is durable from then on, and which the usage aggregator counts exactly once.
 * Nothing is kept in memory across invocations, so an instance that Lambda reclaims, or that crashes, holds no
 * count. See docs/metering.md.
 */
@Singleton
public final class UsageMeter implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

    private final UsageJournal journal;
    private final MeteringSettings settings;
    private final Clock clock;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: pending counters by tenant id, then day. */
    private Map<String, Pending> pending = new HashMap<>();

    /** Lines are {@code <instance>-<sequence>}: made on first use, after any SnapStart restore. */
    private volatile String instance;

    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong linesWritten = new AtomicLong();

    public UsageMeter(UsageJournal journal, MeteringSettings settings, Clock clock) {
        this.journal = journal;
        this.settings = settings;
        this.clock = clock;
        Core.getGlobalContext().register(this);
    }

    /**
     * Before a SnapStart snapshot: whatever priming recorded is forgotten (it is not anyone's usage), and so is the
     * instance id, so that no two instances restored from one snapshot write lines with the same ids (the
     * aggregator's markers are made of them).
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        synchronized (lock) {
            pending = new HashMap<>();
            instance = null;
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        synchronized (lock) {
            instance = null;
        }
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
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(clock.millis()), ZoneOffset.UTC);
        synchronized (lock) {
            Pending tenant = pending.computeIfAbsent(access.tenantId(), id -> new Pending(access, new TreeMap<>()));
            UsageCounters counters = tenant.days().computeIfAbsent(day, d -> new UsageCounters());
            change.accept(counters);
            counters.events++;
        }
    }

    /**
     * Writes every pending count to the journal, one line per tenant and day, and forgets them. The request path
     * calls it at the end of every invocation. Never throws: metering must not fail the request it follows.
     */
    public void flush() {
        flush(false);
    }

    /**
     * {@link #flush()} before a read of usage: where lines are counted in this JVM (the local backend, a test), the
     * ones still waiting are tried again now, so a single JVM reads its own requests.
     */
    public void flushForRead() {
        flush(true);
    }

    private void flush(boolean forRead) {
        if (!settings.enabled()) {
            return;
        }
        // One flush at a time, so a flush that returns has written every count recorded before it was called
        // (another thread's flush in progress has finished).
        synchronized (journal) {
            journal.settle(forRead);
            Map<String, Pending> taken;
            synchronized (lock) {
                if (pending.isEmpty()) {
                    return;
                }
                taken = pending;
                pending = new HashMap<>();
            }
            for (Pending tenant : taken.values()) {
                tenant.days().forEach((day, counters) -> {
                    try {
                        journal.write(UsageLine.of(nextId(), tenant.access().tenantId(), day.toString(), counters));
                        linesWritten.incrementAndGet();
                    } catch (RuntimeException e) {
                        LOG.atError()
                                .addKeyValue("tenantId", tenant.access().tenantId())
                                .addKeyValue("usage", counters.toString())
                                .log("Usage line not written: " + e);
                    }
                });
            }
        }
    }

    private String nextId() {
        String id = instance;
        if (id == null) {
            synchronized (lock) {
                if (instance == null) {
                    instance = UUID.randomUUID().toString();
                }
                id = instance;
            }
        }
        return id + "-" + sequence.incrementAndGet();
    }

    /** Events pending in this instance (recorded, not yet in the journal), for tests. */
    public long pendingEvents() {
        synchronized (lock) {
            return pending.values().stream()
                    .flatMap(p -> p.days().values().stream())
                    .mapToLong(c -> c.events)
                    .sum();
        }
    }

    /** Lines this instance has written to the journal. */
    public long linesWritten() {
        return linesWritten.get();
    }
}
