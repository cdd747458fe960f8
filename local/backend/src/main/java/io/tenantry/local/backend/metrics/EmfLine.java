package io.tenantry.local.backend.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.function.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One line of CloudWatch Embedded Metric Format, read as CloudWatch reads it: for each directive of
 * {@code _aws.CloudWatchMetrics}, each metric under each of its dimension sets, with the values the
 * line holds for it (a number or an array of numbers) and the dimension values from the line's
 * members. Anything else on the line is a property.
 */
public record EmfLine(JsonNode root, List<Datum> data) {
    /** One metric under one dimension set: what CloudWatch would store from this line. */
    public record Datum(
            String namespace, String name, String unit, Map<String, String> dimensions, List<Double> values) {}

    /** Cheap test before parsing: a JSON object naming the EMF metadata. */
    static boolean looksLikeEmf(String line) {
        String text = line.strip();
        return text.startsWith("{") && text.contains("\"_aws\"") && text.contains("\"CloudWatchMetrics\"");
    }

    /** The line read as EMF; empty when it is not JSON or not EMF. */
    public static Optional<EmfLine> parse(String line) {
        JsonNode root;
        try {
            root = Json.parse(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
        JsonNode directives = root.path("_aws").path("CloudWatchMetrics");
        if (!root.isObject() || !directives.isArray()) {
            return Optional.empty();
        }
        List<Datum> data = new ArrayList<>();
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText("aws-embedded-metrics");
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                String unit = metric.path("Unit").asText("None");
                List<Double> values = values(root.path(name));
                if (name.isEmpty() || values.isEmpty()) {
                    continue;
                }
                JsonNode sets = directive.path("Dimensions");
                if (!sets.isArray() || sets.isEmpty()) {
                    data.add(new Datum(namespace, name, unit, Map.of(), values));
                    continue;
                }
                for (JsonNode set : sets) {
                    Map<String, String> dimensions = new TreeMap<>();
                    for (JsonNode key : set) {
                        dimensions.put(key.asText(), root.path(key.asText()).asText(""));
                    }
                    data.add(new Datum(namespace, name, unit, Map.copyOf(dimensions), values));
                }
            }
        }
        return Optional.of(new EmfLine(root, List.copyOf(data)));
    }

    /** The values of a metric on this line, whichever dimension set: each counted once. */
    public List<Double> values(String metric) {
        return values(root.path(metric));
    }

    /** True when some directive of the line declares {@code metric}. */
    public boolean declares(String metric) {
        return data.stream().anyMatch(d -> d.name().equals(metric));
    }

    private static List<Double> values(JsonNode node) {
        List<Double> values = new ArrayList<>();
        if (node.isNumber()) {
            values.add(node.asDouble());
        } else if (node.isArray()) {
            node.forEach(v -> {
                if (v.isNumber()) {
                    values.add(v.asDouble());
                }
            });
        }
        return values;
    }
}
