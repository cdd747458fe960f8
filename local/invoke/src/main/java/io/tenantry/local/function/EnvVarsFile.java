package io.tenantry.local.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An environment file in the format of {@code sam local invoke --env-vars}: {@code {"Parameters": {VAR: value}}} for
 * every function, {@code {"<LogicalId>": {VAR: value}}} for one (which wins). As with SAM, a file only overrides
 * variables that the template declares for the function; others are ignored. Read by {@code ./tenantry start} and
 * {@code ./tenantry invoke} alike.
 */
public final class EnvVarsFile {
    public static final String ALL_FUNCTIONS = "Parameters";

    private final Map<String, Map<String, String>> sections;

    private EnvVarsFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    /** No overrides. */
    public static EnvVarsFile none() {
        return new EnvVarsFile(Map.of());
    }

    public static EnvVarsFile load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the --env-vars file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    public static EnvVarsFile parse(String json, String source) {
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    source + " is not valid JSON: " + e.getOriginalMessage() + " (line "
                            + e.getLocation().getLineNr() + ")",
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    source + " must be a JSON object: {\"Parameters\": {...}, \"<LogicalId>\": {...}}");
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (var section : root.properties()) {
            if (!section.getValue().isObject()) {
                throw new IllegalArgumentException(
                        source + ": \"" + section.getKey() + "\" must be an object of variable names to values");
            }
            Map<String, String> variables = new LinkedHashMap<>();
            for (var variable : section.getValue().properties()) {
                JsonNode value = variable.getValue();
                if (value.isContainerNode()) {
                    throw new IllegalArgumentException(source + ": " + section.getKey() + "." + variable.getKey()
                            + " must be a string, number or boolean");
                }
                variables.put(variable.getKey(), value.isNull() ? "" : value.asText());
            }
            sections.put(section.getKey(), Collections.unmodifiableMap(variables));
        }
        return new EnvVarsFile(Collections.unmodifiableMap(sections));
    }

    /** The overrides for one function: the {@code Parameters} section, then the function's own section. */
    public Map<String, String> overridesFor(String logicalId) {
        Map<String, String> merged = new LinkedHashMap<>(sections.getOrDefault(ALL_FUNCTIONS, Map.of()));
        merged.putAll(sections.getOrDefault(logicalId, Map.of()));
        return merged;
    }

    /** The names the function's own section sets (not {@code Parameters}). */
    public Set<String> ownNames(String logicalId) {
        return sections.getOrDefault(logicalId, Map.of()).keySet();
    }
}
