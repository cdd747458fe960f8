package io.tenantry.local.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions as the local stack sees them: {@code Ref} (parameters with their
 * defaults or overrides, pseudo parameters, resources), {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join},
 * {@code Fn::If} with the template's conditions, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::FindInMap},
 * {@code Fn::Base64} and {@code Fn::GetAZs}. Anything without a local value fails with a {@link
 * TemplateException} naming its path.
 */
public final class Intrinsics {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    public static final String STACK_NAME = "tenantry-local";
    public static final String PARTITION = "aws";
    public static final String URL_SUFFIX = "amazonaws.com";

    /** SAM's suffix of a reference to the alias of a function with {@code AutoPublishAlias}. */
    private static final String ALIAS = ".Alias";

    /** SAM's {@code Ref <Function>.Version}: locally a function has one version, which its alias names. */
    private static final String VERSION = ".Version";

    /** What {@code AWS::NoValue} evaluates to: the enclosing key or list element is dropped. */
    private static final Object NO_VALUE = new Object();

    private static final Map<String, Object> PSEUDO_PARAMETERS = Map.of(
            "AWS::Region", REGION,
            "AWS::AccountId", ACCOUNT_ID,
            "AWS::StackName", STACK_NAME,
            "AWS::StackId",
                    "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT_ID + ":stack/" + STACK_NAME
                            + "/00000000-0000-0000-0000-000000000000",
            "AWS::Partition", PARTITION,
            "AWS::URLSuffix", URL_SUFFIX,
            "AWS::NotificationARNs", List.of(),
            "AWS::NoValue", NO_VALUE);

    private final SamTemplate template;
    private final PhysicalResources resources;
    private final Map<String, String> parameterOverrides;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    public Intrinsics(SamTemplate template, PhysicalResources resources) {
        this(template, resources, Map.of());
    }

    /** {@code parameterOverrides} win over the parameters' defaults, as {@code --parameter-overrides} does. */
    public Intrinsics(SamTemplate template, PhysicalResources resources, Map<String, String> parameterOverrides) {
        this.template = template;
        this.resources = resources;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
    }

    /** Evaluates every intrinsic in {@code value}; {@code path} is where it sits, for error messages. */
    public Object resolve(Object value, String path) {
        Object resolved = eval(value, path);
        return resolved == NO_VALUE ? null : resolved;
    }

    /** Evaluates {@code value} to a string. */
    public String resolveString(Object value, String path) {
        return text(eval(value, path), path);
    }

    /**
     * The {@code AWS::SQS::Queue} of the template a reference points at: {@code !GetAtt <Queue>.Arn}, {@code !Ref
     * <Queue>}, or anything that evaluates to the queue's ARN ({@code arn:aws:sqs:<region>:<account>:<name>}, as a
     * literal or through {@code !Sub}), URL or name. Empty when it names something else (a topic, a function, a queue
     * of another stack).
     */
    public Optional<String> queueLogicalId(Object reference, String path) {
        Map<String, QueueDefinition> queues = template.queues();
        Optional<String> referenced = Nodes.referencedLogicalId(reference);
        if (referenced.isPresent()) {
            return referenced.filter(queues::containsKey);
        }
        if (reference == null) {
            return Optional.empty();
        }
        String value = resolveString(reference, path);
        String name;
        if (value.startsWith("arn:")) {
            String[] parts = value.split(":", -1);
            if (parts.length != 6 || !parts[2].equals("sqs")) {
                return Optional.empty();
            }
            name = parts[5];
        } else {
            name = value.substring(value.lastIndexOf('/') + 1);
        }
        return queues.values().stream()
                .filter(q -> q.queueName().equals(name))
                .map(QueueDefinition::logicalId)
                .findFirst();
    }

    /** A function's environment variables, resolved; a variable that evaluates to {@code AWS::NoValue} is left out. */
    public Map<String, String> environment(FunctionDefinition function) {
        Map<String, Object> own = Nodes.map(
                Nodes.map(template.resource(function.logicalId()).properties().get("Environment"), "Environment")
                        .get("Variables"),
                "Variables");
        Map<String, String> environment = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> {
            String path = own.containsKey(name)
                    ? "Resources." + function.logicalId() + ".Properties.Environment.Variables." + name
                    : "Globals.Function.Environment.Variables." + name;
            Object resolved = eval(value, path);
            if (resolved != NO_VALUE) {
                environment.put(name, resolved == null ? "" : localSecrets(text(resolved, path)));
            }
        });
        return environment;
    }

    /**
     * Replaces CloudFormation dynamic references to Secrets Manager ({@code
     * {{resolve:secretsmanager:<name>:SecretString}}}) with a stable local value per secret, the same for every
     * function. (A function that reads its secret at run time gets {@code !Ref <Secret>} instead, the ARN of the
     * secret provisioned on the local Secrets Manager.)
     */
    static String localSecrets(String value) {
        return DYNAMIC_SECRET.matcher(value).replaceAll(m -> "local-secret-" + m.group(1));
    }

    private static final java.util.regex.Pattern DYNAMIC_SECRET =
            java.util.regex.Pattern.compile("\\{\\{resolve:secretsmanager:([^:}]+)[^}]*}}");

    /** The value of a named condition. */
    public synchronized boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        if (!template.conditions().containsKey(name)) {
            throw new TemplateException("Conditions." + name + ": no such condition");
        }
        if (!evaluating.add(name)) {
            throw new TemplateException("Conditions." + name + ": refers to itself");
        }
        try {
            boolean value = truth(template.conditions().get(name), "Conditions." + name);
            conditions.put(name, value);
            return value;
        } finally {
            evaluating.remove(name);
        }
    }

    /**
     * The {@code AssertDescription} of every assertion of the template's {@code Rules} that the parameters break
     * (those of rules whose {@code RuleCondition} holds), as CloudFormation refuses to create such a stack; empty
     * when they are all kept.
     */
    public List<String> brokenRules() {
        List<String> broken = new ArrayList<>();
        template.rules().forEach((name, body) -> {
            String path = "Rules." + name;
            Map<String, Object> rule = Nodes.map(body, path);
            Object when = rule.get("RuleCondition");
            if (when != null && !truth(when, path + ".RuleCondition")) {
                return;
            }
            List<Object> assertions = Nodes.list(rule.get("Assertions"), path + ".Assertions");
            for (int i = 0; i < assertions.size(); i++) {
                String at = path + ".Assertions[" + i + "]";
                Map<String, Object> assertion = Nodes.map(assertions.get(i), at);
                if (!truth(assertion.get("Assert"), at + ".Assert")) {
                    Object description = assertion.get("AssertDescription");
                    broken.add(path + ": " + (description == null ? "an assertion fails" : description));
                }
            }
        });
        return broken;
    }

    /** The value of a parameter: its override, else its default; list types come back as lists. */
    public Object parameter(String name) {
        TemplateParameter parameter = template.parameters().get(name);
        if (parameter == null) {
            throw new TemplateException("Parameters." + name + ": no such parameter");
        }
        Object value = parameterOverrides.containsKey(name) ? parameterOverrides.get(name) : parameter.defaultValue();
        if (value == null) {
            throw new TemplateException("Parameters." + name + ": no Default and no override");
        }
        if (!parameter.isList()) {
            return String.valueOf(value);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return Arrays.stream(String.valueOf(value).split(",", -1))
                .map(String::trim)
                .toList();
    }

    private Object eval(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return function(key, only.getValue(), path);
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object resolved = eval(v, path + "." + k);
                if (resolved != NO_VALUE) {
                    result.put(String.valueOf(k), resolved);
                }
            });
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object resolved = eval(list.get(i), path + "[" + i + "]");
                if (resolved != NO_VALUE) {
                    result.add(resolved);
                }
            }
            return result;
        }
        return value;
    }

    private Object function(String name, Object argument, String path) {
        String at = path + "." + name;
        return switch (name) {
            case "Ref" -> ref(text(eval(argument, at), at), at);
            case "Fn::GetAtt" -> getAtt(argument, at);
            case "Fn::Sub" -> sub(argument, at);
            case "Fn::Join" -> join(args(argument, 2, at), at);
            case "Fn::If" -> ifThenElse(args(argument, 3, at), at);
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" -> truth(Map.of(name, argument), path);
            case "Fn::Select" -> select(args(argument, 2, at), at);
            case "Fn::Split" -> split(args(argument, 2, at), at);
            case "Fn::FindInMap" -> findInMap(args(argument, 3, at), at);
            case "Fn::Base64" ->
                Base64.getEncoder().encodeToString(text(eval(argument, at), at).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs" -> availabilityZones(text(eval(argument, at), at));
            case "Fn::ImportValue" ->
                throw new TemplateException(
                        at + ": cross-stack imports have no local value (" + Nodes.describe(argument) + ")");
            default -> throw new TemplateException(at + ": " + name + " is not supported locally");
        };
    }

    private Object ref(String name, String path) {
        if (PSEUDO_PARAMETERS.containsKey(name)) {
            return PSEUDO_PARAMETERS.get(name);
        }
        if (template.parameters().containsKey(name)) {
            try {
                return parameter(name);
            } catch (TemplateException e) {
                throw new TemplateException(path + ": " + e.getMessage(), e);
            }
        }
        TemplateResource resource = template.resources().get(name);
        if (resource == null && name.endsWith(ALIAS)) {
            return functionAlias(name.substring(0, name.length() - ALIAS.length()), path);
        }
        if (resource == null && name.endsWith(VERSION)) {
            return functionAlias(name.substring(0, name.length() - VERSION.length()), path);
        }
        if (resource == null) {
            throw new TemplateException(
                    path + ": Ref " + name + ": no parameter, pseudo parameter or resource has this" + " name");
        }
        return resources
                .ref(name)
                .orElseThrow(() ->
                        new TemplateException(path + ": Ref " + name + ": " + resource.type() + " has no local value"));
    }

    /**
     * SAM's {@code !Ref <Function>.Alias}: the ARN of the alias {@code AutoPublishAlias} publishes. Locally every
     * function runs as its one version, so the ARN is the function's, qualified by the alias's name.
     */
    private String functionAlias(String logicalId, String path) {
        TemplateResource function = template.resources().get(logicalId);
        if (function == null || !function.type().equals(TemplateResource.FUNCTION)) {
            throw new TemplateException(path + ": Ref " + logicalId + ALIAS + ": no function " + logicalId);
        }
        Object alias = function.properties().containsKey("AutoPublishAlias")
                ? function.properties().get("AutoPublishAlias")
                : template.functionGlobals().get("AutoPublishAlias");
        if (alias == null) {
            throw new TemplateException(
                    path + ": Ref " + logicalId + ALIAS + ": " + logicalId + " has no AutoPublishAlias");
        }
        return attribute(logicalId, "Arn", path) + ":" + text(eval(alias, path), path);
    }

    private String getAtt(Object argument, String path) {
        String logicalId;
        String attribute;
        if (argument instanceof String dotted && dotted.indexOf('.') > 0) {
            logicalId = dotted.substring(0, dotted.indexOf('.'));
            attribute = dotted.substring(dotted.indexOf('.') + 1);
        } else {
            List<Object> args = args(argument, 2, path);
            logicalId = text(eval(args.get(0), path + "[0]"), path + "[0]");
            attribute = text(eval(args.get(1), path + "[1]"), path + "[1]");
        }
        return attribute(logicalId, attribute, path);
    }

    private String attribute(String logicalId, String attribute, String path) {
        TemplateResource resource = template.resources().get(logicalId);
        if (resource == null) {
            throw new TemplateException(path + ": GetAtt " + logicalId + "." + attribute + ": no such resource");
        }
        return resources
                .attribute(logicalId, attribute)
                .orElseThrow(() -> new TemplateException(path + ": GetAtt " + logicalId + "." + attribute + ": "
                        + resource.type() + " has no local value for " + attribute));
    }

    private String sub(Object argument, String path) {
        Map<String, Object> variables = new HashMap<>();
        String text;
        if (argument instanceof List<?>) {
            List<Object> args = args(argument, 2, path);
            text = text(args.get(0), path + "[0]");
            Nodes.map(args.get(1), path + "[1]")
                    .forEach((name, value) -> variables.put(name, eval(value, path + "[1]." + name)));
        } else {
            text = text(argument, path);
        }
        return SubTemplate.render(text, path, name -> {
            if (variables.containsKey(name)) {
                return text(variables.get(name), path + " ${" + name + "}");
            }
            int dot = name.indexOf('.');
            if (dot > 0) {
                return attribute(name.substring(0, dot), name.substring(dot + 1), path + " ${" + name + "}");
            }
            return text(ref(name, path + " ${" + name + "}"), path + " ${" + name + "}");
        });
    }

    private String join(List<Object> args, String path) {
        String delimiter = text(eval(args.get(0), path + "[0]"), path + "[0]");
        List<Object> values = Nodes.list(eval(args.get(1), path + "[1]"), path + "[1]");
        List<String> texts = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            texts.add(text(values.get(i), path + "[1][" + i + "]"));
        }
        return String.join(delimiter, texts);
    }

    private Object ifThenElse(List<Object> args, String path) {
        String name = text(args.get(0), path + "[0]");
        return condition(name) ? eval(args.get(1), path + "[1]") : eval(args.get(2), path + "[2]");
    }

    private Object select(List<Object> args, String path) {
        Integer index = Nodes.integer(eval(args.get(0), path + "[0]"), path + "[0]");
        List<Object> values = Nodes.list(eval(args.get(1), path + "[1]"), path + "[1]");
        if (index == null || index < 0 || index >= values.size()) {
            throw new TemplateException(path + ": index " + index + " is outside a list of " + values.size());
        }
        return values.get(index);
    }

    private List<String> split(List<Object> args, String path) {
        String delimiter = text(eval(args.get(0), path + "[0]"), path + "[0]");
        String source = text(eval(args.get(1), path + "[1]"), path + "[1]");
        return List.of(source.split(Pattern.quote(delimiter), -1));
    }

    private Object findInMap(List<Object> args, String path) {
        String map = text(eval(args.get(0), path + "[0]"), path + "[0]");
        String top = text(eval(args.get(1), path + "[1]"), path + "[1]");
        String second = text(eval(args.get(2), path + "[2]"), path + "[2]");
        Map<String, Object> entries = Nodes.map(template.mappings().get(map), "Mappings." + map);
        Map<String, Object> level = Nodes.map(entries.get(top), "Mappings." + map + "." + top);
        if (!level.containsKey(second)) {
            throw new TemplateException(path + ": Mappings." + map + "." + top + "." + second + " does not exist");
        }
        return level.get(second);
    }

    private static List<String> availabilityZones(String region) {
        String r = region.isEmpty() ? REGION : region;
        return List.of(r + "a", r + "b", r + "c");
    }

    private boolean truth(Object expression, String path) {
        if (expression instanceof Boolean b) {
            return b;
        }
        if (expression instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            String key = String.valueOf(only.getKey());
            String at = path + "." + key;
            switch (key) {
                case "Condition" -> {
                    return condition(text(only.getValue(), at));
                }
                case "Fn::Equals" -> {
                    List<Object> args = args(only.getValue(), 2, at);
                    return comparable(eval(args.get(0), at + "[0]")).equals(comparable(eval(args.get(1), at + "[1]")));
                }
                case "Fn::Not" -> {
                    return !truth(args(only.getValue(), 1, at).get(0), at + "[0]");
                }
                case "Fn::And", "Fn::Or" -> {
                    List<Object> args = Nodes.list(only.getValue(), at);
                    boolean and = key.equals("Fn::And");
                    for (int i = 0; i < args.size(); i++) {
                        if (truth(args.get(i), at + "[" + i + "]") != and) {
                            return !and;
                        }
                    }
                    return and;
                }
                default -> {
                    if (eval(expression, path) instanceof Boolean b) {
                        return b;
                    }
                }
            }
        }
        throw new TemplateException(path + ": expected a condition, found " + Nodes.describe(expression));
    }

    private static Object comparable(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(Intrinsics::comparable).toList();
        }
        return value == null ? "" : String.valueOf(value);
    }

    private static List<Object> args(Object argument, int count, String path) {
        List<Object> args = Nodes.list(argument, path);
        if (args.size() != count) {
            throw new TemplateException(path + ": expected " + count + " arguments, found " + args.size());
        }
        return args;
    }

    private static String text(Object value, String path) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value == NO_VALUE) {
            throw new TemplateException(path + ": AWS::NoValue where a string is needed");
        }
        throw new TemplateException(path + ": expected a string, found " + Nodes.describe(value));
    }
}
