package io.tenantry.shared.metering;

import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantIds;
import io.tenantry.shared.data.Keys;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a delivery of usage lines (one log subscription delivery in the cloud, one line in the local backend)
 * into DynamoDB: the lines are summed per tenant and day, and each tenant's sum is one {@link UsageStore}
 * transaction with a marker made from its lines' ids, so a delivery that comes again (Lambda retries an
 * asynchronous invocation that failed, the subscription delivers at least once) is counted once.
 *
 * <p>{@link #deliver} throws {@link UsageDeliveryException} when a tenant's write was not applied or may not have
 * been (throttling, a timeout, a 5xx): the caller fails, the delivery comes again, and the tenants already written
 * find their markers. Usage of a tenant that is not active (offboarded, or without a record) is dropped. Lines
 * that cannot be read are skipped and counted.
 */
@Singleton
public final class UsageAggregator {
    private static final Logger LOG = LoggerFactory.getLogger(UsageAggregator.class);

    /** Days an instance remembers having written an index entry for, besides today. */
    private static final int INDEX_MEMORY_DAYS = 2;

    private final UsageStore store;
    private final Clock clock;
    /** (tenant, day) pairs whose index entry this instance has written. */
    private final Set<String> indexed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Made on first use, after any SnapStart restore, so restored instances do not share a seed. */
    private SecureRandom random;

    public UsageAggregator(UsageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a delivery came to. */
    public record Result(int lines, int tenants, int written, int alreadyApplied, int dropped, double writeUnits) {}

    /** Counts the lines. Throws {@link UsageDeliveryException} when the delivery must come again. */
    public Result deliver(List<UsageLine> lines) {
        Map<String, List<UsageLine>> byTenant = new LinkedHashMap<>();
        for (UsageLine line : lines) {
            if (line == null
                    || line.tenantId() == null
                    || !TenantIds.isWellFormed(line.tenantId())
                    || line.id() == null) {
                LOG.atWarn().log("Usage line skipped: no valid tenant or id");
                continue;
            }
            byTenant.computeIfAbsent(line.tenantId(), t -> new ArrayList<>()).add(line);
        }
        int written = 0;
        int already = 0;
        int dropped = 0;
        double units = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<UsageLine>> tenant : byTenant.entrySet()) {
            UsageBatch batch;
            try {
                batch = batchOf(tenant.getKey(), tenant.getValue());
            } catch (DateTimeParseException e) {
                LOG.atError().addKeyValue("tenantId", tenant.getKey()).log("Usage lines with a bad day skipped: " + e);
                continue;
            }
            UsageStore.Result result;
            try {
                result = store.write(batch);
            } catch (RuntimeException e) {
                result = new UsageStore.Result(UsageStore.Outcome.UNKNOWN, 0, e.toString());
            }
            units += result.writeUnits();
            switch (result.outcome()) {
                case WRITTEN -> {
                    written++;
                    store.addActiveUsers(batch);
                    batch.newIndexDays().forEach(day -> indexed.add(batch.tenantId() + "|" + day));
                }
                case ALREADY_APPLIED -> already++;
                case TENANT_INACTIVE -> {
                    dropped++;
                    LOG.atDebug()
                            .addKeyValue("tenantId", batch.tenantId())
                            .log("Usage of a tenant that is not active was dropped");
                }
                case NOT_APPLIED, UNKNOWN, REFUSED ->
                    failures.add(batch.tenantId() + " " + result.outcome() + " " + result.detail());
            }
        }
        forgetOldIndexDays();
        if (!failures.isEmpty()) {
            throw new UsageDeliveryException("Usage not written for " + failures.size() + " of " + byTenant.size()
                    + " tenants; the delivery must come again: " + failures);
        }
        return new Result(lines.size(), byTenant.size(), written, already, dropped, units);
    }

    private UsageBatch batchOf(String tenantId, List<UsageLine> lines) {
        Map<LocalDate, UsageCounters> days = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        long storage = 0;
        for (UsageLine line : lines) {
            UsageCounters counters = line.counters();
            days.computeIfAbsent(LocalDate.parse(line.day()), d -> new UsageCounters())
                    .add(counters);
            storage += counters.storageDeltaBytes;
            ids.add(line.id());
        }
        Set<LocalDate> newIndexDays = new LinkedHashSet<>();
        for (LocalDate day : days.keySet()) {
            if (!indexed.contains(tenantId + "|" + day)) {
                newIndexDays.add(day);
            }
        }
        return new UsageBatch(
                SystemAccess.forWorker(tenantId),
                days,
                storage,
                Set.copyOf(newIndexDays),
                random().nextInt(Keys.USAGE_SHARDS),
                markerOf(ids),
                lines.size());
    }

    /** The same set of line ids, in any order, makes the same marker. */
    static String markerOf(List<String> lineIds) {
        List<String> sorted = new ArrayList<>(new HashSet<>(lineIds));
        sorted.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : sorted) {
                sha.update(id.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void forgetOldIndexDays() {
        LocalDate oldest = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(INDEX_MEMORY_DAYS);
        indexed.removeIf(k -> LocalDate.parse(k.substring(k.indexOf('|') + 1)).isBefore(oldest));
    }

    /**
     * Drops the random source, made by a SnapStart priming run's delivery, so that every instance restored from the
     * snapshot makes its own on first use.
     */
    public synchronized void forgetRandom() {
        random = null;
    }

    private synchronized SecureRandom random() {
        if (random == null) {
            random = new SecureRandom();
        }
        return random;
    }
}
