package io.tenantry.local.backend.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.function.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An event source mapping's {@code FilterCriteria}: a record is kept when it matches at least one pattern (every record
 * when there is none), with Lambda's event filtering rules for the subset the template uses. A pattern is a JSON
 * object whose keys name fields of the record; a nested object descends into the field, an array lists the conditions
 * of which one must hold: an exact value (string, number, boolean, null), {@code {"prefix": "…"}},
 * {@code {"exists": true|false}} or {@code {"anything-but": [...]}}. A field holding an array matches when one of its
 * elements does. Any other operator ({@code numeric}, {@code suffix}, {@code equals-ignore-case}, {@code cidr}…)
 * refuses the pattern when it is read, so a filter the emulation would get wrong fails at start, not silently.
 */
public final class EventFilter {
    private static final Set<String> OPERATORS = Set.of("prefix", "exists", "anything-but");

    private final List<JsonNode> patterns;

    private EventFilter(List<JsonNode> patterns) {
        this.patterns = patterns;
    }

    /** The filter of these patterns (the JSON of each {@code Filters[].Pattern}); none keeps every record. */
    public static EventFilter of(List<String> patterns) {
        List<JsonNode> parsed = new ArrayList<>();
        for (String pattern : patterns) {
            JsonNode node;
            try {
                node = Json.parse(pattern);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Filter pattern is not JSON: " + pattern, e);
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("Filter pattern is not a JSON object: " + pattern);
            }
            check(node, pattern);
            parsed.add(node);
        }
        return new EventFilter(List.copyOf(parsed));
    }

    /** True when the record (the JSON Lambda would send for it) matches a pattern, or there is no pattern. */
    public boolean keeps(JsonNode record) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> matchesObject(p, record));
    }

    private static boolean matchesObject(JsonNode pattern, JsonNode value) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode actual = value == null || !value.isObject() ? null : value.get(field.getKey());
            boolean matches = field.getValue().isObject()
                    ? actual != null && actual.isObject() && matchesObject(field.getValue(), actual)
                    : matchesAny(field.getValue(), actual);
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /** One of the conditions holds for the field (absent when {@code actual} is null). */
    private static boolean matchesAny(JsonNode conditions, JsonNode actual) {
        for (JsonNode condition : conditions) {
            if (condition.isObject() && condition.has("exists")) {
                if (condition.get("exists").asBoolean() == (actual != null)) {
                    return true;
                }
            } else if (actual != null && matchesValue(condition, actual)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesValue(JsonNode condition, JsonNode actual) {
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (matchesValue(condition, element)) {
                    return true;
                }
            }
            return false;
        }
        if (condition.isObject() && condition.has("prefix")) {
            return actual.isTextual()
                    && actual.asText().startsWith(condition.get("prefix").asText());
        }
        if (condition.isObject() && condition.has("anything-but")) {
            JsonNode excluded = condition.get("anything-but");
            if (!excluded.isArray()) {
                return !equal(excluded, actual);
            }
            for (JsonNode value : excluded) {
                if (equal(value, actual)) {
                    return false;
                }
            }
            return true;
        }
        return equal(condition, actual);
    }

    private static boolean equal(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    /** Refuses what this filter does not implement: a leaf that is not an array, an operator it does not know. */
    private static void check(JsonNode pattern, String whole) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                check(value, whole);
            } else if (!value.isArray()) {
                throw new IllegalArgumentException("Filter pattern " + whole + ": the value of \"" + field.getKey()
                        + "\" must be an object or an array of conditions");
            } else {
                for (JsonNode condition : value) {
                    if (condition.isObject()
                            && (condition.size() != 1
                                    || !OPERATORS.contains(
                                            condition.fieldNames().next()))) {
                        throw new IllegalArgumentException("Filter pattern " + whole + ": " + condition
                                + " is not emulated locally (only exact values, prefix, exists and anything-but are)");
                    }
                }
            }
        }
    }
}
