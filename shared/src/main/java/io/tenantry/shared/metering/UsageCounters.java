package io.tenantry.shared.metering;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one tenant used on one UTC day, as counters that add up: requests, billed compute (milliseconds
 * and megabyte-milliseconds, so GB-seconds follow), the net change of stored bytes, media processed
 * and invoices rendered; and for activity analytics, the writes, client and server errors among the
 * requests, the requests per route, and the users who made them. Not thread-safe; {@link UsageMeter}
 * guards it.
 */
final class UsageCounters {
    long requests;
    long computeMs;
    long computeMbMs;
    long storageDeltaBytes;
    long mediaProcessed;
    long invoicesRendered;
    long writes;
    long clientErrors;
    long serverErrors;
    /** Requests by route ({@code "GET /v1/projects"}). */
    final Map<String, Long> routes = new TreeMap<>();
    /** The users whose requests these are (distinct). */
    final Set<String> users = new TreeSet<>();
    /** How many recorded events these counters hold, for the meter's flush threshold. */
    long events;

    void add(UsageCounters other) {
        requests += other.requests;
        computeMs += other.computeMs;
        computeMbMs += other.computeMbMs;
        storageDeltaBytes += other.storageDeltaBytes;
        mediaProcessed += other.mediaProcessed;
        invoicesRendered += other.invoicesRendered;
        writes += other.writes;
        clientErrors += other.clientErrors;
        serverErrors += other.serverErrors;
        other.routes.forEach((route, count) -> routes.merge(route, count, Long::sum));
        users.addAll(other.users);
        events += other.events;
    }

    UsageCounters copy() {
        UsageCounters copy = new UsageCounters();
        copy.add(this);
        return copy;
    }

    @Override
    public String toString() {
        return "requests=" + requests + " computeMs=" + computeMs + " computeMbMs=" + computeMbMs
                + " storageDeltaBytes=" + storageDeltaBytes + " mediaProcessed=" + mediaProcessed
                + " invoicesRendered=" + invoicesRendered + " writes=" + writes + " clientErrors=" + clientErrors
                + " serverErrors=" + serverErrors + " routes=" + routes + " users=" + users.size();
    }
}
