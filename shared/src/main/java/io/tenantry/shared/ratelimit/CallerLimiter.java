package io.tenantry.shared.ratelimit;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.problem.TooManyRequestsException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request rate of one caller on the routes that are not tenant routes ({@code GET /v1/me},
 * {@code POST /v1/tenants}): a token bucket per identity, per function instance ({@code
 * tenantry.caller-rate.per-second}, default 5, burst twice that). Per instance on purpose: these
 * routes have no tenant whose shared bucket could carry it, and a shared one would cost a write per
 * call; the HTTP API's stage throttling bounds the sum over instances, and sign-up is also bounded
 * by the number of tenants a user may own.
 */
@Singleton
public final class CallerLimiter {
    static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final int perSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public CallerLimiter(Clock clock, @Value("${tenantry.caller-rate.per-second:5}") int perSecond) {
        this.clock = clock;
        this.perSecond = perSecond;
    }

    private static final class Bucket {
        double tokens;
        long updatedAt;
    }

    /** Admits one request of the caller, or throws a 429 with the seconds until a token is due. */
    public void acquire(Caller caller) {
        if (perSecond <= 0) {
            return;
        }
        if (buckets.size() >= MAX_TRACKED) {
            buckets.clear();
        }
        long now = clock.millis();
        int burst = 2 * perSecond;
        Bucket bucket = buckets.computeIfAbsent(caller.issuer() + "\n" + caller.subject(), k -> {
            Bucket fresh = new Bucket();
            fresh.tokens = burst;
            fresh.updatedAt = now;
            return fresh;
        });
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * perSecond / 1000.0);
            bucket.updatedAt = now;
            if (bucket.tokens < 1) {
                throw new TooManyRequestsException((long) Math.ceil((1 - bucket.tokens) / perSecond));
            }
            bucket.tokens -= 1;
        }
    }
}
