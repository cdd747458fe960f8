package io.tenantry.local.template;

import java.util.Map;

/** A template parameter: its name, CloudFormation type and default (null when it has none). */
public record TemplateParameter(String name, String type, Object defaultValue) {

    static TemplateParameter from(String name, Map<String, Object> body) {
        String path = "Parameters." + name;
        return new TemplateParameter(
                name, Nodes.string(body.getOrDefault("Type", "String"), path + ".Type"), body.get("Default"));
    }

    /** True for the types whose value is a list ({@code CommaDelimitedList}, {@code List<…>}). */
    public boolean isList() {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }
}
