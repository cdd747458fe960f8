package io.tenantry.local.function;

import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Every function's environment variables as the template gives them (globals, then the function's own; intrinsics
 * resolved against the local resources), with {@code --env-vars} applied, and their union for the one Micronaut
 * context that all handlers share. A variable that two functions set to different values cannot be both in one
 * context: the value most functions use wins (the first in template order on a tie), and {@link #conflicts} says so.
 * {@link #RUNTIME_ONLY} variables stay out of the union. {@code ./tenantry invoke} takes one function's variables
 * from here too, and adds what Lambda sets (see {@code io.tenantry.local.invoke.FunctionEnvironment}).
 */
public final class FunctionEnvironments {

    /** A variable that functions set differently: each value with the functions that set it, and the one used. */
    public record Conflict(String variable, Map<String, List<String>> functionsByValue, String chosen) {
        public String describe() {
            StringBuilder text = new StringBuilder(variable).append(" differs between functions: ");
            List<String> parts = new ArrayList<>();
            functionsByValue.forEach(
                    (value, functions) -> parts.add("'" + value + "' in " + String.join(", ", functions)));
            return text.append(String.join("; ", parts))
                    .append(". One context serves all handlers locally, so every function sees '")
                    .append(chosen)
                    .append("'.")
                    .toString();
        }
    }

    /**
     * Variables for the Lambda runtime's JVM, not for the functions' code: one JVM runs every handler locally, so
     * they are left out of the shared context (and of the conflicts).
     */
    public static final java.util.Set<String> RUNTIME_ONLY =
            java.util.Set.of("JAVA_TOOL_OPTIONS", "AWS_LAMBDA_EXEC_WRAPPER");

    /** A variable of the {@code --env-vars} file that the template does not declare for that function. */
    public record IgnoredOverride(String function, String variable) {}

    private final Map<String, Map<String, String>> byFunction;
    private final Map<String, String> union;
    private final List<Conflict> conflicts;
    private final List<IgnoredOverride> ignored;

    private FunctionEnvironments(
            Map<String, Map<String, String>> byFunction,
            Map<String, String> union,
            List<Conflict> conflicts,
            List<IgnoredOverride> ignored) {
        this.byFunction = byFunction;
        this.union = union;
        this.conflicts = conflicts;
        this.ignored = ignored;
    }

    public static FunctionEnvironments resolve(SamTemplate template, Intrinsics intrinsics, EnvVarsFile overrides) {
        Map<String, Map<String, String>> byFunction = new LinkedHashMap<>();
        List<IgnoredOverride> ignored = new ArrayList<>();
        for (FunctionDefinition function : template.functions().values()) {
            String id = function.logicalId();
            Map<String, String> environment = apply(
                    intrinsics.environment(function),
                    overrides.overridesFor(id),
                    name -> ignored.add(new IgnoredOverride(id, name)));
            byFunction.put(id, Collections.unmodifiableMap(environment));
        }
        // Which value each variable has in which functions, in template order.
        Map<String, Map<String, List<String>>> values = new LinkedHashMap<>();
        byFunction.forEach((function, environment) ->
                environment.forEach((name, value) -> values.computeIfAbsent(name, n -> new LinkedHashMap<>())
                        .computeIfAbsent(value, v -> new ArrayList<>())
                        .add(function)));
        Map<String, String> union = new LinkedHashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        values.forEach((name, functionsByValue) -> {
            if (RUNTIME_ONLY.contains(name)) {
                return;
            }
            int most = functionsByValue.values().stream()
                    .mapToInt(List::size)
                    .max()
                    .orElse(0);
            String chosen = functionsByValue.entrySet().stream()
                    .filter(e -> e.getValue().size() == most)
                    .findFirst()
                    .orElseThrow()
                    .getKey();
            union.put(name, chosen);
            if (functionsByValue.size() > 1) {
                conflicts.add(new Conflict(name, Collections.unmodifiableMap(functionsByValue), chosen));
            }
        });
        return new FunctionEnvironments(
                Collections.unmodifiableMap(byFunction),
                Collections.unmodifiableMap(new TreeMap<>(union)),
                List.copyOf(conflicts),
                List.copyOf(ignored));
    }

    /**
     * A function's template variables with the overrides applied as {@code sam local} applies them: an override
     * replaces a variable the template declares; any other is ignored, and told to {@code ignored}.
     */
    public static Map<String, String> apply(
            Map<String, String> template, Map<String, String> overrides, Consumer<String> ignored) {
        Map<String, String> environment = new LinkedHashMap<>(template);
        overrides.forEach((name, value) -> {
            if (environment.containsKey(name)) {
                environment.put(name, value);
            } else {
                ignored.accept(name);
            }
        });
        return environment;
    }

    /** One function's variables, overrides applied. */
    public Map<String, String> of(String logicalId) {
        return byFunction.getOrDefault(logicalId, Map.of());
    }

    /** Every variable of every function, one value each (see {@link Conflict}). */
    public Map<String, String> union() {
        return union;
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    public List<IgnoredOverride> ignoredOverrides() {
        return ignored;
    }
}
