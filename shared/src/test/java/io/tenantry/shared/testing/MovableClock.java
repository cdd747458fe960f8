package io.tenantry.shared.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until a test moves it: for caches, leases, buckets and days under test. */
public final class MovableClock extends Clock {
    private volatile Instant now;

    /** At 2026-12-05T10:00:00Z. */
    public MovableClock() {
        this(Instant.parse("2026-12-05T10:00:00Z"));
    }

    /** At an ISO-8601 instant, e.g. {@code 2026-03-10T12:00:00Z}. */
    public MovableClock(String at) {
        this(Instant.parse(at));
    }

    public MovableClock(Instant at) {
        now = at;
    }

    public void set(Instant at) {
        now = at;
    }

    /** To 10:00 UTC of an ISO-8601 day ({@code 2027-02-01}). */
    public void setDay(String day) {
        set(Instant.parse(day + "T10:00:00Z"));
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void advance(long millis) {
        advance(Duration.ofMillis(millis));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
