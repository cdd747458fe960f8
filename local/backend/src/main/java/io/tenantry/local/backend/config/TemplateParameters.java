package io.tenantry.local.backend.config;

import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateParameter;
import io.tenantry.local.template.TemplateResources;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values template parameters take locally: {@code --parameter-overrides} first, else the parameter's
 * {@code Default}, else a local placeholder ({@code local-<Name>}, {@code 0} for numbers) so that a template whose
 * parameters have no defaults still starts. Values that break the template's {@code Rules} are refused, as
 * CloudFormation refuses to create such a stack.
 */
public final class TemplateParameters {
    private final Map<String, String> overrides;
    private final List<String> placeholders;

    private TemplateParameters(Map<String, String> overrides, List<String> placeholders) {
        this.overrides = overrides;
        this.placeholders = placeholders;
    }

    public static TemplateParameters resolve(SamTemplate template, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> placeholders = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!template.parameters().containsKey(name)) {
                throw new IllegalArgumentException("--parameter-overrides names " + name
                        + ", which is not a parameter of " + template.source() + "; its parameters are "
                        + template.parameters().keySet());
            }
        }
        for (TemplateParameter parameter : template.parameters().values()) {
            if (given.containsKey(parameter.name())) {
                values.put(parameter.name(), given.get(parameter.name()));
            } else if (parameter.defaultValue() == null) {
                String placeholder = placeholder(parameter);
                values.put(parameter.name(), placeholder);
                placeholders.add(parameter.name() + "=" + placeholder);
            }
        }
        List<String> broken = new Intrinsics(
                        template, new TemplateResources(template, URI.create("http://127.0.0.1")), values)
                .brokenRules();
        if (!broken.isEmpty()) {
            throw new IllegalArgumentException("The parameters break the rules of " + template.source()
                    + " (CloudFormation would refuse them): " + String.join(" ", broken));
        }
        return new TemplateParameters(Collections.unmodifiableMap(values), List.copyOf(placeholders));
    }

    /** {@code Key=Value} pairs separated by spaces or commas, or SAM's {@code ParameterKey=K,ParameterValue=V}. */
    public static Map<String, String> parseOverrides(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        String pendingKey = null;
        for (String pair : text.trim().split("[\\s,]+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "--parameter-overrides expects Key=Value pairs separated by spaces, found '" + pair + "'");
            }
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (key.equals("ParameterKey")) {
                pendingKey = value;
            } else if (key.equals("ParameterValue") && pendingKey != null) {
                result.put(pendingKey, value);
                pendingKey = null;
            } else {
                result.put(key, value);
            }
        }
        return result;
    }

    /** The overrides {@code Intrinsics} takes. */
    public Map<String, String> values() {
        return overrides;
    }

    /** {@code Name=value} for each parameter that had neither an override nor a default. */
    public List<String> placeholders() {
        return placeholders;
    }

    private static String placeholder(TemplateParameter parameter) {
        return parameter.type().equals("Number") ? "0" : "local-" + parameter.name();
    }
}
