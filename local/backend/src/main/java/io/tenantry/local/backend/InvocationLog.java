package io.tenantry.local.backend;

import io.tenantry.local.function.Console;
import io.tenantry.local.function.Invocation;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One readable line per invocation, whatever triggered it:
 * {@code <time> <function> <status> <duration> tenant=<id> request=<id> <what>}, where the status is the HTTP status
 * for API requests and {@code ok} or {@code error} otherwise, the tenant comes from the token's claims, and the
 * request id is the one the function logs and answers in {@code X-Request-Id} (the Lambda request id otherwise).
 */
public final class InvocationLog {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Console console;

    public InvocationLog(Console console) {
        this.console = console;
    }

    public void record(
            String function, String status, long durationMillis, String tenant, String requestId, String what) {
        console.info(String.format(
                "%s %-28s %-5s %5d ms  tenant=%s request=%s  %s",
                TIME.format(Instant.now()),
                function,
                status,
                durationMillis,
                tenant == null || tenant.isBlank() ? "-" : tenant,
                requestId == null ? "-" : requestId,
                what));
    }

    /** A line for an invocation that no HTTP request made: {@code ok} or {@code error}, no tenant. */
    public void record(String function, Invocation invocation, String what) {
        record(function, invocation.outcome(), invocation.millis(), null, invocation.requestId(), what);
    }

    /**
     * What became of an asynchronous invocation after its last attempt (sent to a destination, or dropped), on a line
     * of the same layout with {@code ->} as its status and no duration.
     */
    public void outcome(String function, String requestId, String what) {
        console.info(String.format(
                "%s %-28s %-5s %8s  tenant=- request=%s  %s",
                TIME.format(Instant.now()), function, "->", "", requestId == null ? "-" : requestId, what));
    }
}
