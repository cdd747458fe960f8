package io.tenantry.local.backend.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metrics the functions have emitted since the backend started, summed as CloudWatch would: per
 * namespace, metric name, unit and dimension set, the number of values ({@code count}) and their
 * {@code sum}. What {@code GET /local/metrics} answers (API.md). It also keeps the window of request
 * lines since the last {@link #takeSummary} for the one-line summary {@code ./tenantry start} prints.
 */
public final class MetricsCollector {
    static final String REQUESTS = "Requests";
    static final String LATENCY = "Latency";
    static final String CLIENT_ERRORS = "ClientErrors";
    static final String SERVER_ERRORS = "ServerErrors";
    static final String MESSAGES = "Messages";
    static final String MESSAGE_FAILURES = "MessageFailures";

    private record Key(String namespace, String name, String unit, String dimensions) {}

    private static final class Totals {
        final Map<String, String> dimensions;
        long count;
        double sum;

        Totals(Map<String, String> dimensions) {
            this.dimensions = dimensions;
        }
    }

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<Key, Totals> totals = new TreeMap<>(Comparator.comparing(Key::namespace)
            .thenComparing(Key::name)
            .thenComparing(Key::dimensions)
            .thenComparing(Key::unit));
    /** Guarded by {@link #lock}: the lines since the last summary. */
    private Window window = new Window();

    private static final class Window {
        long requests;
        long clientErrors;
        long serverErrors;
        long messages;
        long messageFailures;
        final List<Double> latencies = new ArrayList<>();
    }

    /** Takes one line of output; true when it was an EMF document (and is now counted). */
    public boolean accept(String line) {
        Optional<EmfLine> parsed = EmfLine.parse(line);
        if (parsed.isEmpty()) {
            return false;
        }
        EmfLine emf = parsed.get();
        synchronized (lock) {
            for (EmfLine.Datum datum : emf.data()) {
                Totals sums = totals.computeIfAbsent(
                        new Key(
                                datum.namespace(),
                                datum.name(),
                                datum.unit(),
                                datum.dimensions().toString()),
                        k -> new Totals(datum.dimensions()));
                for (double value : datum.values()) {
                    sums.count++;
                    sums.sum += value;
                }
            }
            // The summary counts each line once, whatever its dimension sets.
            if (emf.declares(REQUESTS)) {
                window.requests += emf.values(REQUESTS).size();
                window.clientErrors += (long) sum(emf.values(CLIENT_ERRORS));
                window.serverErrors += (long) sum(emf.values(SERVER_ERRORS));
                window.latencies.addAll(emf.values(LATENCY));
            }
            if (emf.declares(MESSAGES)) {
                window.messages += (long) sum(emf.values(MESSAGES));
                window.messageFailures += (long) sum(emf.values(MESSAGE_FAILURES));
            }
        }
        return true;
    }

    /** What {@code GET /local/metrics} answers: {@code {"metrics": [{namespace, name, unit, dimensions, count, sum}]}}. */
    public ObjectNode json() {
        ObjectNode answer = Json.object();
        ArrayNode metrics = answer.putArray("metrics");
        synchronized (lock) {
            totals.forEach((key, sums) -> {
                ObjectNode metric = metrics.addObject();
                metric.put("namespace", key.namespace());
                metric.put("name", key.name());
                metric.put("unit", key.unit());
                ObjectNode dimensions = metric.putObject("dimensions");
                sums.dimensions.forEach(dimensions::put);
                metric.put("count", sums.count);
                if (sums.sum == Math.rint(sums.sum) && Math.abs(sums.sum) < 1e15) {
                    metric.put("sum", (long) sums.sum);
                } else {
                    metric.put("sum", sums.sum);
                }
            });
        }
        return answer;
    }

    /**
     * The one-line summary of the requests (and worker messages) since the last call, and a new window;
     * empty when there was no traffic.
     */
    public Optional<String> takeSummary(String period) {
        Window taken;
        synchronized (lock) {
            taken = window;
            window = new Window();
        }
        if (taken.requests == 0 && taken.messages == 0) {
            return Optional.empty();
        }
        StringBuilder line = new StringBuilder("metrics (").append(period).append("): ");
        line.append(taken.requests).append(taken.requests == 1 ? " request, " : " requests, ");
        line.append(taken.clientErrors).append(" 4xx, ");
        line.append(taken.serverErrors).append(" 5xx");
        if (!taken.latencies.isEmpty()) {
            line.append(", p99 ")
                    .append(Math.round(percentile(taken.latencies, 0.99)))
                    .append(" ms");
        }
        if (taken.messages > 0) {
            line.append("; ").append(taken.messages).append(taken.messages == 1 ? " message, " : " messages, ");
            line.append(taken.messageFailures).append(" failed");
        }
        return Optional.of(line.toString());
    }

    /** The nearest-rank percentile ({@code q} in (0, 1]) of {@code values}. */
    static double percentile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static double sum(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }
}
