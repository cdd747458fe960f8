package io.tenantry.local.backend.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker that shows how many of its invocations run at once, per queue: each one waits (up to a second) for
 * {@link #MEET} invocations to be running together, so when the mapping allows that many, they all meet; the most
 * that ever ran together is kept ({@link #most}) and every message body is recorded.
 */
public final class ConcurrencyProbe implements RequestHandler<SQSEvent, Void> {
    public static final int MEET = 3;
    private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> MOST = new ConcurrentHashMap<>();

    /** The most invocations for the queue of ARN {@code queueArn} that ran at once. */
    public static int most(String queueArn) {
        return MOST.computeIfAbsent(queueArn, q -> new AtomicInteger()).get();
    }

    @Override
    public Void handleRequest(SQSEvent event, Context context) {
        String queue = event.getRecords().getFirst().getEventSourceArn();
        AtomicInteger running = RUNNING.computeIfAbsent(queue, q -> new AtomicInteger());
        int now = running.incrementAndGet();
        MOST.computeIfAbsent(queue, q -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (running.get() < MEET && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            event.getRecords().forEach(m -> Recorded.add("ConcurrencyProbe", m.getBody()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
        return null;
    }
}
