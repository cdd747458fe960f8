package io.tenantry.shared.metrics;

import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;
import software.amazon.lambda.powertools.metrics.provider.MetricsProvider;

/**
 * Writes {@link MetricLine}s in CloudWatch Embedded Metric Format through Powertools' functional
 * API: one isolated {@link Metrics} instance per line (so concurrent invocations in one JVM, as in
 * the local backend, never mix their dimensions), flushed at once to standard output, where Lambda
 * hands it to CloudWatch Logs and CloudWatch extracts the metrics.
 *
 * <p>Never throws: a line that cannot be written (an invalid dimension, a serialisation or output
 * failure) is dropped, counted ({@link #dropped}) and logged, and the invocation goes on.
 */
@Singleton
public final class MetricsEmitter {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEmitter.class);
    private static final long LOG_EVERY = 100;

    /**
     * Lines of a priming run: made, flushed through Powertools and serialised exactly as written lines are, then
     * dropped by the sink ({@link DiscardingEnvironments}). Powertools' own provider builds its logger the same way,
     * with the EMF library's environment provider.
     */
    private static final MetricsProvider PRIMING =
            () -> new EmfMetricsLogger(new DiscardingEnvironments(), new MetricsContext());

    private static final int PRIMING_LINES = 20;

    private final MetricsSettings settings;
    private final MetricsProvider provider;
    private final PrimingGuard guard;
    private final AtomicLong dropped = new AtomicLong();

    @Inject
    public MetricsEmitter(MetricsSettings settings, PrimingGuard guard) {
        this(settings, new EmfMetricsProvider(), guard);
    }

    /** Outside a function's context (tests, benchmarks): never in a priming run. */
    public MetricsEmitter(MetricsSettings settings) {
        this(settings, new EmfMetricsProvider(), new PrimingGuard());
    }

    /** With another Powertools provider (tests use one whose output fails). */
    public MetricsEmitter(MetricsSettings settings, MetricsProvider provider) {
        this(settings, provider, new PrimingGuard());
    }

    private MetricsEmitter(MetricsSettings settings, MetricsProvider provider, PrimingGuard guard) {
        this.settings = settings;
        this.provider = provider;
        this.guard = guard;
    }

    /** Writes {@code line}; inside a priming run ({@link PrimingGuard}) makes it the same way and writes nothing. */
    public void emit(MetricLine line) {
        if (line.isEmpty()) {
            return;
        }
        try {
            Metrics metrics = (guard.active() ? PRIMING : provider).getMetricsInstance();
            metrics.setNamespace(settings.namespace());
            String service = settings.service();
            // Powertools' default dimensions replace the set list: [Service] first, then [Service, X] for each X.
            metrics.setDefaultDimensions(DimensionSet.of(MetricNames.SERVICE, service));
            line.dimensions()
                    .forEach((name, value) ->
                            metrics.addDimension(DimensionSet.of(MetricNames.SERVICE, service, name, value)));
            line.samples().forEach(sample -> metrics.addMetric(sample.name(), sample.value(), sample.unit()));
            line.properties().forEach(metrics::addMetadata);
            metrics.flush();
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            long count = dropped.incrementAndGet();
            if (count == 1 || count % LOG_EVERY == 0) {
                LOG.atWarn()
                        .setCause(count == 1 ? e : null)
                        .addKeyValue("droppedLines", count)
                        .log("Metrics line dropped: " + e);
            }
        }
    }

    /** Lines dropped so far because writing them failed. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Before a SnapStart snapshot: a route's line, {@value #PRIMING_LINES} times, through the whole path a line takes
     * (Powertools, the EMF library's environment and its Jackson serialiser) inside a priming run, so written nowhere.
     * Most of a first line's cost (a few hundred milliseconds) is this; restored instances start with it done.
     */
    public void prime() {
        guard.run(() -> {
            for (int i = 0; i < PRIMING_LINES; i++) {
                emit(MetricLine.create()
                        .dimension(MetricNames.ROUTE, "GET:/v1/priming")
                        .dimension(MetricNames.PLAN, MetricNames.NO_PLAN)
                        .count(MetricNames.REQUESTS, 1)
                        .milliseconds(MetricNames.LATENCY, 1.5)
                        .property(MetricNames.TENANT_ID, "priming")
                        .property(MetricNames.REQUEST_ID, "priming"));
            }
            return null;
        });
    }
}
