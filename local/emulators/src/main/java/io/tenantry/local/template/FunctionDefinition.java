package io.tenantry.local.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} with {@code Globals.Function} applied. The environment maps each variable
 * to its raw value (intrinsics unresolved: see {@link Intrinsics#environment}); the function's own variables win
 * over the global ones. {@code eventInvokeConfig} is how Lambda treats its asynchronous invocations (the global one
 * merged under the function's own, as SAM merges maps; {@link EventInvokeConfig#DEFAULT} without either).
 */
public record FunctionDefinition(
        String logicalId,
        String handler,
        String codeUri,
        String runtime,
        Integer memorySize,
        Integer timeout,
        Map<String, Object> environment,
        List<FunctionEvent> events,
        EventInvokeConfig eventInvokeConfig) {

    /** A function with Lambda's default handling of asynchronous invocations. */
    public FunctionDefinition(
            String logicalId,
            String handler,
            String codeUri,
            String runtime,
            Integer memorySize,
            Integer timeout,
            Map<String, Object> environment,
            List<FunctionEvent> events) {
        this(logicalId, handler, codeUri, runtime, memorySize, timeout, environment, events, EventInvokeConfig.DEFAULT);
    }

    static FunctionDefinition from(TemplateResource resource, Map<String, Object> globals) {
        Map<String, Object> own = resource.properties();
        String path = "Resources." + resource.logicalId() + ".Properties.";
        return new FunctionDefinition(
                resource.logicalId(),
                Nodes.string(effective(own, globals, "Handler"), path + "Handler"),
                Nodes.plainString(effective(own, globals, "CodeUri")).orElse(null),
                Nodes.string(effective(own, globals, "Runtime"), path + "Runtime"),
                Nodes.integer(effective(own, globals, "MemorySize"), path + "MemorySize"),
                Nodes.integer(effective(own, globals, "Timeout"), path + "Timeout"),
                environment(own, globals, path),
                events(own, path),
                EventInvokeConfig.from(
                        merged(globals.get("EventInvokeConfig"), own.get("EventInvokeConfig")),
                        path + "EventInvokeConfig"));
    }

    /** SAM's merge of a global value under a resource's own: maps merge key by key, anything else the own wins. */
    static Object merged(Object global, Object own) {
        if (global == null) {
            return own;
        }
        if (own == null) {
            return global;
        }
        if (global instanceof Map<?, ?> globalMap && own instanceof Map<?, ?> ownMap && !isIntrinsic(ownMap)) {
            Map<String, Object> result = new LinkedHashMap<>();
            globalMap.forEach((k, v) -> result.put(String.valueOf(k), v));
            ownMap.forEach((k, v) -> result.put(String.valueOf(k), merged(result.get(String.valueOf(k)), v)));
            return result;
        }
        return own;
    }

    private static boolean isIntrinsic(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    /** The events of one type, in template order. */
    public <T extends FunctionEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Object effective(Map<String, Object> own, Map<String, Object> globals, String key) {
        return own.containsKey(key) ? own.get(key) : globals.get(key);
    }

    private static Map<String, Object> environment(Map<String, Object> own, Map<String, Object> globals, String path) {
        Map<String, Object> merged = new LinkedHashMap<>(variables(globals, "Globals.Function."));
        merged.putAll(variables(own, path));
        return Collections.unmodifiableMap(merged);
    }

    private static Map<String, Object> variables(Map<String, Object> properties, String path) {
        Map<String, Object> environment = Nodes.map(properties.get("Environment"), path + "Environment");
        return Nodes.map(environment.get("Variables"), path + "Environment.Variables");
    }

    private static List<FunctionEvent> events(Map<String, Object> own, String path) {
        List<FunctionEvent> events = new ArrayList<>();
        Nodes.map(own.get("Events"), path + "Events")
                .forEach((name, body) -> events.add(
                        FunctionEvent.from(name, Nodes.map(body, path + "Events." + name), path + "Events." + name)));
        return List.copyOf(events);
    }
}
