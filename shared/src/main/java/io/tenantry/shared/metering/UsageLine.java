package io.tenantry.shared.metering;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * One tenant's usage on one UTC day, as one invocation recorded it: the line {@link UsageJournal} writes to the
 * function's log, and the durable record metering counts from ({@link UsageAggregator}). {@code id} is unique to
 * the line (the instance's id and a sequence number); {@code tenantryUsage} is the line's version, by which the
 * log subscription's filter pattern finds it ({@code { $.tenantryUsage = 1 }}). Counters that are 0 are left out
 * of the line and read as 0.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record UsageLine(
        int tenantryUsage,
        String id,
        String tenantId,
        String day,
        long requests,
        long computeMs,
        long computeMbMs,
        long storageDeltaBytes,
        long mediaProcessed,
        long invoicesRendered,
        long writes,
        long clientErrors,
        long serverErrors,
        @Nullable Map<String, Long> routes,
        @Nullable List<String> users) {

    /** The version of the line's shape; the subscription filter and the aggregator match it. */
    public static final int VERSION = 1;

    /** The text every usage line holds, so a reader can skip other log lines without parsing them. */
    public static final String MARKER = "\"tenantryUsage\":";

    static UsageLine of(String id, String tenantId, String day, UsageCounters c) {
        return new UsageLine(
                VERSION,
                id,
                tenantId,
                day,
                c.requests,
                c.computeMs,
                c.computeMbMs,
                c.storageDeltaBytes,
                c.mediaProcessed,
                c.invoicesRendered,
                c.writes,
                c.clientErrors,
                c.serverErrors,
                c.routes.isEmpty() ? null : Map.copyOf(c.routes),
                c.users.isEmpty() ? null : List.copyOf(c.users));
    }

    /** The line's counters, to add to others of the same tenant and day. */
    UsageCounters counters() {
        UsageCounters c = new UsageCounters();
        c.requests = requests;
        c.computeMs = computeMs;
        c.computeMbMs = computeMbMs;
        c.storageDeltaBytes = storageDeltaBytes;
        c.mediaProcessed = mediaProcessed;
        c.invoicesRendered = invoicesRendered;
        c.writes = writes;
        c.clientErrors = clientErrors;
        c.serverErrors = serverErrors;
        if (routes != null) {
            c.routes.putAll(routes);
        }
        if (users != null) {
            c.users.addAll(users);
        }
        c.events = 1;
        return c;
    }
}
