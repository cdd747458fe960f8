package io.tenantry.shared.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The EMF lines a piece of code prints to standard output, read back as JSON: what Lambda would hand
 * to CloudWatch. (Surefire sets {@code AWS_EMF_ENVIRONMENT=Local}, the EMF library's console sink.)
 */
public final class EmfOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmfOutput() {}

    /** What {@code work} returned, and the EMF lines it printed. */
    public record Captured<T>(T result, List<JsonNode> lines) {
        /** The only line; fails when there is not exactly one. */
        public JsonNode only() {
            if (lines.size() != 1) {
                throw new AssertionError("Expected one EMF line, got " + lines);
            }
            return lines.get(0);
        }
    }

    public static <T> Captured<T> capture(Supplier<T> work) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        T result;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            result = work.get();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new Captured<>(result, lines);
    }

    /** Runs {@code work} with standard output failing on every write, as a broken log pipe would. */
    public static <T> T withFailingOutput(Supplier<T> work) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        throw new IllegalStateException("standard output is gone");
                    }
                },
                true,
                StandardCharsets.UTF_8));
        try {
            return work.get();
        } finally {
            System.setOut(original);
        }
    }

    /** The line's directive: namespace, metric names with units, dimension sets. */
    public static JsonNode directive(JsonNode line) {
        return line.path("_aws").path("CloudWatchMetrics").get(0);
    }

    /** The metric names a line declares. */
    public static Set<String> names(JsonNode line) {
        Set<String> names = new TreeSet<>();
        directive(line).path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        return names;
    }

    /** The unit a line declares for a metric; null when it declares no such metric. */
    public static String unit(JsonNode line, String metric) {
        for (JsonNode m : directive(line).path("Metrics")) {
            if (m.path("Name").asText().equals(metric)) {
                return m.path("Unit").asText();
            }
        }
        return null;
    }

    /** The line's dimension sets, each as its keys joined by commas: {@code [Service, Service,Route]}. */
    public static List<String> dimensionSets(JsonNode line) {
        List<String> sets = new ArrayList<>();
        directive(line).path("Dimensions").forEach(set -> {
            List<String> keys = new ArrayList<>();
            set.forEach(k -> keys.add(k.asText()));
            sets.add(String.join(",", keys));
        });
        return sets;
    }
}
