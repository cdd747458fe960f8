package io.tenantry.shared.metrics;

import io.micronaut.context.BeanProvider;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.tracing.CurrentRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The metrics every function emits, one EMF line per invocation, written where each kind of function
 * is run once for all its handlers: a route's request ({@code ApiRuntime}), a worker's batch ({@code
 * QueueHandler}), any other function's invocation. An instance's first invocation adds {@code
 * ColdStarts}, or {@code SnapStartRestores} on a SnapStart function. The names are {@link
 * MetricNames}; docs/metrics.md lists them. Never throws ({@link MetricsEmitter}).
 */
@Singleton
public final class FunctionMetrics {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final MetricsEmitter emitter;
    private final MetricsSettings settings;
    /** Only asked when there is a tenant: workers and scheduled functions never build it for their metrics. */
    private final BeanProvider<TenantPlans> plans;

    private final CurrentRoute currentRoute;
    /** The route keys' dimension values: a function declares a route or two, and each request names one. */
    private final Map<String, String> routeDimensions = new ConcurrentHashMap<>();
    /** {@link #plans}, once asked: a bean lookup per request is a measurable part of the handler's overhead. */
    private volatile TenantPlans resolvedPlans;

    @Inject
    public FunctionMetrics(
            MetricsEmitter emitter,
            MetricsSettings settings,
            BeanProvider<TenantPlans> plans,
            CurrentRoute currentRoute) {
        this.emitter = emitter;
        this.settings = settings;
        this.plans = plans;
        this.currentRoute = currentRoute;
    }

    /** Metrics outside a function's context (the benchmarks): no route for spans to name. */
    public FunctionMetrics(MetricsEmitter emitter, MetricsSettings settings, BeanProvider<TenantPlans> plans) {
        this(emitter, settings, plans, new CurrentRoute());
    }

    /**
     * One request a route answered: {@code Requests}, {@code Latency}, and {@code ClientErrors} (4xx),
     * {@code ServerErrors} (5xx) and {@code Throttles} (429, a client error too) when it was one. A 5xx
     * line also has the dimension {@code FunctionVersion}, which the new version's rollback alarm reads.
     *
     * @param routeKey the route as declared ({@code GET /v1/projects})
     * @param tenantId the tenant the request acted on, or was refused for once its membership was
     *     known (a 429); null when none was
     */
    public void requestServed(
            String routeKey, int status, long elapsedNanos, String tenantId, String requestId, InstanceStart start) {
        MetricLine line = MetricLine.create()
                .dimension(
                        MetricNames.ROUTE, routeDimensions.computeIfAbsent(routeKey, FunctionMetrics::routeDimension))
                .dimension(MetricNames.PLAN, planOf(tenantId))
                .count(MetricNames.REQUESTS, 1)
                .milliseconds(MetricNames.LATENCY, elapsedNanos / 1_000_000.0)
                .count(MetricNames.CLIENT_ERRORS, status >= 400 && status < 500 ? 1 : 0)
                .count(MetricNames.SERVER_ERRORS, status >= 500 ? 1 : 0)
                .count(MetricNames.THROTTLES, status == 429 ? 1 : 0)
                .property(MetricNames.TENANT_ID, tenantId)
                .property(MetricNames.REQUEST_ID, requestId)
                .property(MetricNames.STATUS_CODE, status);
        if (status >= 500 && settings.functionVersion() != null) {
            // Only on a 5xx: a dimension per version on every line would make every metric a new one per deploy.
            line.dimension(MetricNames.FUNCTION_VERSION, settings.functionVersion());
        }
        emitter.emit(started(line, start));
    }

    /**
     * One batch a worker handled (an empty one emits nothing): {@code Messages}, {@code
     * MessageFailures} (to be redelivered), {@code MessagesDeadLettered} (unusable, moved to the
     * dead-letter queue at once) and {@code OldestMessageAge} (since SQS received the oldest message
     * of the batch; left out when SQS did not say).
     */
    public void batchHandled(
            String worker, int messages, int failed, int deadLettered, long oldestAgeMillis, InstanceStart start) {
        if (messages == 0) {
            return;
        }
        MetricLine line = MetricLine.create()
                .dimension(MetricNames.WORKER, worker)
                .count(MetricNames.MESSAGES, messages)
                .count(MetricNames.MESSAGE_FAILURES, failed)
                .count(MetricNames.MESSAGES_DEAD_LETTERED, deadLettered)
                .property(MetricNames.BATCH_SIZE, messages);
        if (oldestAgeMillis >= 0) {
            line.milliseconds(MetricNames.OLDEST_MESSAGE_AGE, oldestAgeMillis);
        }
        emitter.emit(started(line, start));
    }

    /** One invocation of a function that is neither a route nor a worker: {@code Invocations}, {@code Duration}, {@code InvocationErrors}. */
    public void invoked(String function, boolean failed, long elapsedNanos, InstanceStart start) {
        MetricLine line = MetricLine.create()
                .dimension(MetricNames.FUNCTION, function)
                .count(MetricNames.INVOCATIONS, 1)
                .milliseconds(MetricNames.DURATION, elapsedNanos / 1_000_000.0)
                .count(MetricNames.INVOCATION_ERRORS, failed ? 1 : 0);
        emitter.emit(started(line, start));
    }

    /**
     * Runs one invocation of a function that is neither a route nor a worker, as its route for the spans of its AWS
     * calls ({@link #nameOf} the handler), and records it with {@link #invoked}: failed when {@code work} throws (which
     * is rethrown).
     */
    public <T> T invocation(Class<?> handler, InstanceStart start, Supplier<T> work) {
        return currentRoute.call(nameOf(handler), () -> measured(handler, start, work));
    }

    private <T> T measured(Class<?> handler, InstanceStart start, Supplier<T> work) {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            T result = work.get();
            failed = false;
            return result;
        } finally {
            invoked(nameOf(handler), failed, System.nanoTime() - started, start);
        }
    }

    /** A handler's name as a dimension value: its simple class name less "Handler" ({@code InvoiceQueue}). */
    public static String nameOf(Class<?> handler) {
        String name = handler.getSimpleName();
        return name.endsWith("Handler") && name.length() > "Handler".length()
                ? name.substring(0, name.length() - "Handler".length())
                : name;
    }

    /** A route key as a dimension value, which may hold no whitespace: {@code GET /v1/x} becomes {@code GET:/v1/x}. */
    public static String routeDimension(String routeKey) {
        return WHITESPACE.matcher(routeKey.strip()).replaceAll(":");
    }

    private MetricLine started(MetricLine line, InstanceStart start) {
        if (start != null && start.first()) {
            line.count(settings.snapStart() ? MetricNames.SNAPSTART_RESTORES : MetricNames.COLD_STARTS, 1);
        }
        return line;
    }

    private String planOf(String tenantId) {
        if (tenantId == null) {
            return MetricNames.NO_PLAN;
        }
        try {
            return plans().lastKnown(tenantId).map(Plan::wireName).orElse(MetricNames.NO_PLAN);
        } catch (RuntimeException e) {
            return MetricNames.NO_PLAN;
        }
    }

    private TenantPlans plans() {
        TenantPlans resolved = resolvedPlans;
        if (resolved == null) {
            resolved = plans.get();
            resolvedPlans = resolved;
        }
        return resolved;
    }
}
