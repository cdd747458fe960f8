package io.tenantry.local.backend.metrics;

import io.tenantry.local.backend.http.HttpReply;
import io.tenantry.local.backend.http.LocalApi;
import io.tenantry.local.function.Console;
import io.tenantry.shared.problem.MethodNotAllowedException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

/**
 * The local backend's CloudWatch: the functions run in this JVM print their EMF lines to standard
 * output as on Lambda; this takes them out of it ({@link EmfCapture}), sums them ({@link
 * MetricsCollector}), answers {@code GET /local/metrics} and, every {@code period} in which there was
 * traffic, prints a one-line summary (requests, 4xx, 5xx, p99 latency). The EMF library is told it
 * runs locally (its console sink, as in Lambda), so it neither probes EC2 nor looks for an agent.
 */
public final class LocalMetrics implements AutoCloseable {
    public static final String PATH = "/local/metrics";

    private final MetricsCollector collector = new MetricsCollector();
    private final Predicate<String> listener = collector::accept;
    private final EmfCapture capture;
    private final ScheduledExecutorService ticker;

    private LocalMetrics(Console console, Duration period) {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        capture = EmfCapture.install();
        capture.register(listener);
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("metrics-summary").daemon().factory());
        String every = period.toSeconds() % 60 == 0
                ? "last " + period.toMinutes() + " min"
                : "last " + period.toSeconds() + " s";
        long millis = Math.max(1, period.toMillis());
        ticker.scheduleAtFixedRate(
                () -> collector.takeSummary(every).ifPresent(console::info), millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * The backend's invocation threads: what a function prints on one of them is this backend's (a
     * function runs on the thread of its invocation).
     */
    public ThreadFactory invocationThreads(ThreadFactory threads) {
        return task -> threads.newThread(() -> {
            EmfCapture.OWNER.set(listener);
            try {
                task.run();
            } finally {
                EmfCapture.OWNER.remove();
            }
        });
    }

    /** Starts collecting now; prints the summary every {@code period} with traffic. */
    public static LocalMetrics start(Console console, Duration period) {
        return new LocalMetrics(console, period);
    }

    public MetricsCollector collector() {
        return collector;
    }

    /** {@code GET /local/metrics}, in front of the backend's other local routes. */
    public LocalApi api(LocalApi next) {
        return request -> {
            if (!PATH.equals(request.rawPath())) {
                return next.handle(request);
            }
            String method = request.method();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                throw new MethodNotAllowedException(method, "GET");
            }
            return HttpReply.json(200, collector.json());
        };
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        capture.unregister(listener);
    }
}
