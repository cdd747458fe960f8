package io.tenantry.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads CloudFormation YAML: short-form tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub}…) become their long
 * form ({@code {"Ref": x}}, {@code {"Fn::GetAtt": [a, b]}}…). Maps come back with string keys, in file order.
 */
public final class CloudFormationYaml {
    private static final List<String> FUNCTIONS = List.of(
            "And",
            "Base64",
            "Cidr",
            "Equals",
            "FindInMap",
            "GetAZs",
            "If",
            "ImportValue",
            "Join",
            "Length",
            "Not",
            "Or",
            "Select",
            "Split",
            "Sub",
            "ToJsonString",
            "Transform");

    private CloudFormationYaml() {}

    /** Parses one YAML document; {@code source} names it in error messages. */
    public static Map<String, Object> parse(String yaml, String source) {
        LoadSettings settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setLabel(source)
                .build();
        Object document;
        try {
            document = new Load(settings, new Constructor(settings)).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new TemplateException(source + ": " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?>)) {
            throw new TemplateException(source + ": the document is not a mapping");
        }
        return stringKeys(document);
    }

    @SuppressWarnings("unchecked")
    private static <T> T stringKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), stringKeys(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(stringKeys(v)));
            return (T) copy;
        }
        return (T) value;
    }

    /** Maps each short-form tag to a one-entry map in long form. */
    private static final class Constructor extends StandardConstructor {
        Constructor(LoadSettings settings) {
            super(settings);
            tagConstructors.put(new Tag("!Ref"), node -> intrinsic("Ref", node));
            tagConstructors.put(new Tag("!Condition"), node -> intrinsic("Condition", node));
            tagConstructors.put(new Tag("!GetAtt"), this::getAtt);
            for (String function : FUNCTIONS) {
                ConstructNode construct = node -> intrinsic("Fn::" + function, node);
                tagConstructors.put(new Tag("!" + function), construct);
            }
        }

        private Object getAtt(Node node) {
            if (node instanceof ScalarNode scalar) {
                String value = constructScalar(scalar);
                int dot = value.indexOf('.');
                if (dot < 1 || dot == value.length() - 1) {
                    throw new TemplateException("!GetAtt " + value + " at "
                            + node.getStartMark().map(Object::toString).orElse("?") + ": expected LogicalId.Attribute");
                }
                return single("Fn::GetAtt", List.of(value.substring(0, dot), value.substring(dot + 1)));
            }
            return intrinsic("Fn::GetAtt", node);
        }

        private Map<String, Object> intrinsic(String key, Node node) {
            return single(key, content(node));
        }

        private Object content(Node node) {
            if (node instanceof ScalarNode scalar) {
                return constructScalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                return constructSequence(sequence);
            }
            return constructMapping((MappingNode) node);
        }

        private static Map<String, Object> single(String key, Object value) {
            Map<String, Object> map = new LinkedHashMap<>(2);
            map.put(key, value);
            return map;
        }
    }
}
