package io.tenantry.local.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A parsed SAM template: parameters, rules, conditions, globals and resources, with typed views of what runs locally.
 * Other sections (Outputs, Metadata) and resource types that have nothing to run locally (alarms, topics, policies)
 * are kept in {@link #raw} and {@link #resources} and otherwise left alone.
 */
public final class SamTemplate {
    private final String source;
    private final Map<String, Object> raw;
    private final Map<String, TemplateParameter> parameters;
    private final Map<String, TemplateResource> resources;
    private final Map<String, FunctionDefinition> functions;

    private SamTemplate(String source, Map<String, Object> raw) {
        this.source = source;
        this.raw = Collections.unmodifiableMap(raw);
        Map<String, TemplateParameter> params = new LinkedHashMap<>();
        section("Parameters")
                .forEach((name, body) ->
                        params.put(name, TemplateParameter.from(name, Nodes.map(body, "Parameters." + name))));
        this.parameters = Collections.unmodifiableMap(params);
        Map<String, TemplateResource> res = new LinkedHashMap<>();
        section("Resources")
                .forEach((id, body) -> res.put(id, TemplateResource.from(id, Nodes.map(body, "Resources." + id))));
        this.resources = Collections.unmodifiableMap(res);
        this.functions = ofType(TemplateResource.FUNCTION, r -> FunctionDefinition.from(r, functionGlobals()));
    }

    /** Reads a template file. */
    public static SamTemplate load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read template " + file, e);
        }
    }

    /** Parses template text; {@code source} names it in error messages. */
    public static SamTemplate parse(String yaml, String source) {
        return new SamTemplate(source, CloudFormationYaml.parse(yaml, source));
    }

    /** Where the template came from. */
    public String source() {
        return source;
    }

    /** The whole document, tags in long form. */
    public Map<String, Object> raw() {
        return raw;
    }

    public Map<String, TemplateParameter> parameters() {
        return parameters;
    }

    public Map<String, TemplateResource> resources() {
        return resources;
    }

    /** The resource with this logical id; fails naming the template when there is none. */
    public TemplateResource resource(String logicalId) {
        TemplateResource resource = resources.get(logicalId);
        if (resource == null) {
            throw new TemplateException(source + ": no resource " + logicalId);
        }
        return resource;
    }

    /** Every {@code AWS::Serverless::Function}, by logical id, with globals applied. */
    public Map<String, FunctionDefinition> functions() {
        return functions;
    }

    /** One function; fails listing the functions there are. */
    public FunctionDefinition function(String logicalId) {
        FunctionDefinition function = functions.get(logicalId);
        if (function == null) {
            throw new TemplateException(
                    source + ": no function " + logicalId + "; the functions are " + functions.keySet());
        }
        return function;
    }

    /** The {@code Globals} section. */
    public Map<String, Object> globals() {
        return section("Globals");
    }

    /** {@code Globals.Function}. */
    public Map<String, Object> functionGlobals() {
        return Nodes.map(globals().get("Function"), "Globals.Function");
    }

    public Map<String, Object> conditions() {
        return section("Conditions");
    }

    /** The {@code Rules} section: what the parameters must satisfy for the stack to be created. */
    public Map<String, Object> rules() {
        return section("Rules");
    }

    public Map<String, Object> mappings() {
        return section("Mappings");
    }

    public Map<String, DynamoTableDefinition> tables() {
        return ofType(TemplateResource.TABLE, DynamoTableDefinition::from);
    }

    public Map<String, QueueDefinition> queues() {
        return ofType(TemplateResource.QUEUE, QueueDefinition::from);
    }

    public Map<String, BucketDefinition> buckets() {
        return ofType(TemplateResource.BUCKET, BucketDefinition::from);
    }

    public Map<String, SecretDefinition> secrets() {
        return ofType(TemplateResource.SECRET, SecretDefinition::from);
    }

    private Map<String, Object> section(String name) {
        return Nodes.map(raw.get(name), name);
    }

    private <T> Map<String, T> ofType(String type, Function<TemplateResource, T> read) {
        Map<String, T> result = new LinkedHashMap<>();
        resources.values().stream()
                .filter(r -> r.type().equals(type))
                .forEach(r -> result.put(r.logicalId(), read.apply(r)));
        return Collections.unmodifiableMap(result);
    }

    @Override
    public String toString() {
        return "SamTemplate[" + source + ", " + resources.size() + " resources]";
    }
}
