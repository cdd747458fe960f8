package io.tenantry.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An {@code --env-vars} file in SAM's format: {@code {"Parameters": {...}}} for every function and/or
 * {@code {"<LogicalId>": {...}}} for one; a function's own entries win over {@code Parameters}.
 */
final class EnvVarsFile {
    static final String ALL_FUNCTIONS = "Parameters";

    private final Map<String, Map<String, String>> sections;

    private EnvVarsFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    static EnvVarsFile none() {
        return new EnvVarsFile(Map.of());
    }

    static EnvVarsFile read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("--env-vars " + file + ": not readable JSON: " + e.getMessage(), e);
        }
        return parse(root, file.toString());
    }

    static EnvVarsFile parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "--env-vars " + source
                            + ": expected an object such as {\"Parameters\": {\"NAME\": \"value\"}} or {\"<LogicalId>\": {...}}");
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        root.properties().forEach(section -> {
            if (!section.getValue().isObject()) {
                throw new IllegalArgumentException(
                        "--env-vars " + source + ": \"" + section.getKey() + "\" must map variable names to values");
            }
            Map<String, String> variables = new LinkedHashMap<>();
            section.getValue().properties().forEach(v -> variables.put(v.getKey(), text(v.getValue())));
            sections.put(section.getKey(), Collections.unmodifiableMap(variables));
        });
        return new EnvVarsFile(Collections.unmodifiableMap(sections));
    }

    /** The overrides for one function: {@code Parameters}, then the function's own section. */
    Map<String, String> forFunction(String logicalId) {
        Map<String, String> merged = new LinkedHashMap<>(sections.getOrDefault(ALL_FUNCTIONS, Map.of()));
        merged.putAll(sections.getOrDefault(logicalId, Map.of()));
        return merged;
    }

    /** The names the function's own section sets (not {@code Parameters}). */
    Set<String> ownNames(String logicalId) {
        return sections.getOrDefault(logicalId, Map.of()).keySet();
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
