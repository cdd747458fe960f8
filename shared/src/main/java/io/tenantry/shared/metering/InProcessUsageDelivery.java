package io.tenantry.shared.metering;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log subscription, where functions run in one JVM (the local backend, tests): each usage line the journal
 * writes is delivered to the aggregator at once, on the thread that wrote it, so a flush that returns has counted
 * its lines. A delivery that fails (DynamoDB refusing, a fault injected) is kept and delivered again, in order,
 * with the next line or flush a second later, or at once when a reader asks, as Lambda retries a failed
 * asynchronous invocation: nothing is lost, and the aggregator's markers keep a line that came twice from counting
 * twice.
 *
 * <p>The journal takes it as a listener with {@code TENANTRY_METERING_DELIVERY=in-process} ({@link #MODE}); Lambda
 * delivers through the log group's subscription filter instead (template.yaml, {@code UsageLogFunction}).
 */
@Singleton
public final class InProcessUsageDelivery implements UsageJournal.Listener {
    /** The value of {@code TENANTRY_METERING_DELIVERY} that turns it on. */
    public static final String MODE = "in-process";

    private static final Logger LOG = LoggerFactory.getLogger(InProcessUsageDelivery.class);

    private final UsageAggregator aggregator;
    /** After a failed delivery, lines only queue up for this long unless a reader asks ({@link #settle(boolean)}). */
    static final long BACKOFF_MILLIS = 1_000;

    private final List<UsageLine> failed = new ArrayList<>();
    private long lastFailureMillis;

    public InProcessUsageDelivery(UsageAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Override
    public synchronized void accept(UsageLine line) {
        failed.add(line);
        retry(false);
    }

    @Override
    public void settle(boolean force) {
        retry(force);
    }

    /**
     * Delivers what waits, in order; true when nothing is left waiting. Within {@link #BACKOFF_MILLIS} of a failure
     * only a forced try (a reader's) goes to the table, so requests served while it fails do not each pay the SDK's
     * retries.
     */
    public synchronized boolean retry(boolean force) {
        if (!force && !failed.isEmpty() && System.currentTimeMillis() - lastFailureMillis < BACKOFF_MILLIS) {
            return false;
        }
        while (!failed.isEmpty()) {
            UsageLine next = failed.getFirst();
            try {
                aggregator.deliver(List.of(next));
                failed.removeFirst();
            } catch (RuntimeException e) {
                lastFailureMillis = System.currentTimeMillis();
                LOG.warn("Usage delivery failed; {} line(s) wait for the next try: {}", failed.size(), e.toString());
                return false;
            }
        }
        return true;
    }

    /** Lines waiting for a delivery that succeeds. */
    public synchronized int waiting() {
        return failed.size();
    }
}
