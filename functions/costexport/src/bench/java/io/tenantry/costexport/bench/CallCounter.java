package io.tenantry.costexport.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;

/**
 * Counts and times every AWS SDK call of the JVM it runs in, by service and operation, and the keys BatchGetItem
 * asked for and got back unprocessed. Only the export's child JVM ({@link ExportInChildJvm}) loads it: the parent
 * puts an SDK global-interceptor file naming it on the child's class path, so the function's own clients, built by
 * its own factory, are counted without a change to them.
 *
 * <p>The time of a call is from {@code beforeExecution} to {@code afterExecution} (or the failure): marshalling,
 * signing, the HTTP round trip to the emulator and its work, retries, unmarshalling.
 */
public final class CallCounter implements ExecutionInterceptor {
    /** What the SDK global-interceptor file on the child's class path must name. */
    static final String GLOBAL_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("tenantry.bench.started");

    /** Calls and nanoseconds of one operation. */
    record Tally(AtomicLong calls, AtomicLong nanos) {
        Tally() {
            this(new AtomicLong(), new AtomicLong());
        }
    }

    private static final Map<String, Tally> TALLIES = new ConcurrentHashMap<>();
    private static final AtomicLong BATCH_GET_KEYS = new AtomicLong();
    private static final AtomicLong BATCH_GET_UNPROCESSED = new AtomicLong();
    private static final Map<String, AtomicLong> FIRST_START = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> LAST_END = new ConcurrentHashMap<>();

    /** Forgets everything counted so far (the context's start, priming). */
    static void reset() {
        TALLIES.clear();
        BATCH_GET_KEYS.set(0);
        BATCH_GET_UNPROCESSED.set(0);
        FIRST_START.clear();
        LAST_END.clear();
    }

    /** {@code "dynamodb.BatchGetItem"} → calls and time, in name order. */
    static Map<String, Tally> tallies() {
        return new TreeMap<>(TALLIES);
    }

    static long batchGetKeys() {
        return BATCH_GET_KEYS.get();
    }

    static long batchGetUnprocessedKeys() {
        return BATCH_GET_UNPROCESSED.get();
    }

    /** {@link System#nanoTime()} when the first call to the service started, or -1. */
    static long firstStart(String service) {
        AtomicLong at = FIRST_START.get(service);
        return at == null ? -1 : at.get();
    }

    /** {@link System#nanoTime()} when the last call to the service ended, or -1. */
    static long lastEnd(String service) {
        AtomicLong at = LAST_END.get(service);
        return at == null ? -1 : at.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        long now = System.nanoTime();
        attributes.putAttribute(STARTED, now);
        FIRST_START.computeIfAbsent(service(attributes), s -> new AtomicLong(now));
        if (context.request() instanceof BatchGetItemRequest request && request.hasRequestItems()) {
            BATCH_GET_KEYS.addAndGet(request.requestItems().values().stream()
                    .mapToLong(k -> k.hasKeys() ? k.keys().size() : 0)
                    .sum());
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof BatchGetItemResponse response && response.hasUnprocessedKeys()) {
            BATCH_GET_UNPROCESSED.addAndGet(response.unprocessedKeys().values().stream()
                    .mapToLong(k -> k.hasKeys() ? k.keys().size() : 0)
                    .sum());
        }
        finished(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        finished(attributes);
    }

    private static void finished(ExecutionAttributes attributes) {
        long now = System.nanoTime();
        Long started = attributes.getAttribute(STARTED);
        String service = service(attributes);
        Tally tally = TALLIES.computeIfAbsent(
                service + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new Tally());
        tally.calls().incrementAndGet();
        if (started != null) {
            tally.nanos().addAndGet(now - started);
        }
        LAST_END.computeIfAbsent(service, s -> new AtomicLong()).accumulateAndGet(now, Math::max);
    }

    private static String service(ExecutionAttributes attributes) {
        String name = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        return name == null ? "unknown" : name.toLowerCase(Locale.ROOT);
    }
}
