package io.tenantry.shared.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The metrics of one EMF line before {@link MetricsEmitter} writes it: its dimensions (each becomes
 * the dimension set {@code [Service, name]}, beside {@code [Service]}), its samples and its
 * properties (top-level members of the line, not dimensions). Not thread-safe; one line per use.
 */
public final class MetricLine {
    /** One value of a metric. */
    public record Sample(String name, double value, MetricUnit unit) {}

    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    private MetricLine() {}

    public static MetricLine create() {
        return new MetricLine();
    }

    public MetricLine dimension(String name, String value) {
        dimensions.put(name, value);
        return this;
    }

    /** Counts {@code n} of something; nothing when {@code n} is 0, so a count's samples are its events. */
    public MetricLine count(String name, long n) {
        if (n != 0) {
            samples.add(new Sample(name, n, MetricUnit.COUNT));
        }
        return this;
    }

    public MetricLine milliseconds(String name, double millis) {
        samples.add(new Sample(name, millis, MetricUnit.MILLISECONDS));
        return this;
    }

    /** A property of the line; a null value is left out. */
    public MetricLine property(String name, Object value) {
        if (value != null) {
            properties.put(name, value);
        }
        return this;
    }

    public Map<String, String> dimensions() {
        return Collections.unmodifiableMap(dimensions);
    }

    public List<Sample> samples() {
        return Collections.unmodifiableList(samples);
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }
}
