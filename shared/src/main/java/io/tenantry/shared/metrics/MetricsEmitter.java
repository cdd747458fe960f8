package io.tenantry.shared.metrics;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.lambda.powertools.metrics.Metrics;
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

    private final MetricsSettings settings;
    private final MetricsProvider provider;
    private final AtomicLong dropped = new AtomicLong();

    @Inject
    public MetricsEmitter(MetricsSettings settings) {
        this(settings, new EmfMetricsProvider());
    }

    /** With another Powertools provider (tests use one whose output fails). */
    public MetricsEmitter(MetricsSettings settings, MetricsProvider provider) {
        this.settings = settings;
        this.provider = provider;
    }

    public void emit(MetricLine line) {
        if (line.isEmpty()) {
            return;
        }
        try {
            Metrics metrics = provider.getMetricsInstance();
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
     * Before a SnapStart snapshot: loads and initialises what writing a line uses (Powertools, the EMF
     * library, its Jackson serialiser) by serialising a line nobody sees. Most of a first line's cost
     * (a few hundred milliseconds) is this; restored instances start with it done.
     */
    public void prime() {
        try {
            provider.getMetricsInstance();
            DimensionSet.of(MetricNames.SERVICE, settings.service(), MetricNames.ROUTE, "GET:/v1/priming");
            MetricsContext context = new MetricsContext();
            context.setNamespace(settings.namespace());
            context.putMetric(MetricNames.REQUESTS, 1, Unit.COUNT);
            context.putMetric(MetricNames.LATENCY, 1.5, Unit.MILLISECONDS);
            context.putProperty(MetricNames.TENANT_ID, "priming");
            context.serialize();
        } catch (RuntimeException | LinkageError | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.debug("Priming the metrics emitter failed: {}", e.toString());
        }
    }
}
