package io.tenantry.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one statement of a policy document, refusing whatever IAM would refuse or this evaluator leaves out. */
final class StatementParser {
    private static final Set<String> MEMBERS =
            Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");

    private StatementParser() {}

    static Statement parse(JsonNode node, int position, boolean substitutesVariables) {
        PolicyJson.object(node, "Statement " + position);
        if (node.has("Principal") || node.has("NotPrincipal")) {
            throw new PolicyException("Statement " + position
                    + " has a Principal: identity-based and session policies have none, and resource-based"
                    + " policies are not evaluated here");
        }
        PolicyJson.onlyMembers(node, MEMBERS, "Statement " + position);
        String sid = node.has("Sid") ? node.get("Sid").asText() : "#" + position;
        Effect effect = Effect.parse(required(node, "Effect", sid).asText());
        boolean notAction = exactlyOne(node, "Action", "NotAction", sid);
        List<Glob> actions = new ArrayList<>();
        for (String action : PolicyJson.strings(node.get(notAction ? "NotAction" : "Action"), sid + " Action")) {
            actions.add(actionPattern(action, sid));
        }
        boolean notResource = exactlyOne(node, "Resource", "NotResource", sid);
        List<Template> resources = new ArrayList<>();
        for (String resource : PolicyJson.strings(node.get(notResource ? "NotResource" : "Resource"), sid)) {
            resources.add(resourcePattern(resource, substitutesVariables, sid));
        }
        List<Condition> conditions = node.has("Condition")
                ? conditions(PolicyJson.object(node.get("Condition"), sid + " Condition"), substitutesVariables, sid)
                : List.of();
        return new Statement(sid, effect, actions, notAction, resources, notResource, conditions);
    }

    private static JsonNode required(JsonNode node, String member, String sid) {
        if (!node.has(member)) {
            throw new PolicyException("Statement " + sid + " has no " + member);
        }
        return node.get(member);
    }

    private static boolean exactlyOne(JsonNode node, String positive, String negative, String sid) {
        if (node.has(positive) == node.has(negative)) {
            throw new PolicyException("Statement " + sid + " needs exactly one of " + positive + " and " + negative);
        }
        return node.has(negative);
    }

    private static Glob actionPattern(String action, String sid) {
        if (!action.equals("*") && (action.indexOf(':') <= 0 || action.contains("${"))) {
            throw new PolicyException("Statement " + sid + ": an action is service:name or *, not " + action);
        }
        return Template.parse(action, false).glob();
    }

    private static Template resourcePattern(String resource, boolean substitutesVariables, String sid) {
        if (!resource.equals("*") && !resource.startsWith("arn:")) {
            throw new PolicyException("Statement " + sid + ": a resource is an ARN or *, not " + resource);
        }
        return Template.parse(resource, substitutesVariables);
    }

    private static List<Condition> conditions(JsonNode block, boolean substitutesVariables, String sid) {
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> byOperator : PolicyJson.members(block)) {
            ConditionOperator operator = ConditionOperator.parse(byOperator.getKey());
            JsonNode keys = PolicyJson.object(byOperator.getValue(), sid + " " + operator);
            if (keys.isEmpty()) {
                throw new PolicyException("Statement " + sid + ": " + operator + " names no condition key");
            }
            for (Map.Entry<String, JsonNode> byKey : PolicyJson.members(keys)) {
                List<Template> values = new ArrayList<>();
                for (String value : PolicyJson.values(byKey.getValue(), sid + " " + byKey.getKey())) {
                    checkBoolean(operator, value, sid);
                    boolean variables =
                            substitutesVariables && operator.operator().takesVariables();
                    values.add(Template.parse(value, variables));
                }
                conditions.add(new Condition(operator, byKey.getKey(), values));
            }
        }
        return conditions;
    }

    private static void checkBoolean(ConditionOperator operator, String value, String sid) {
        boolean booleanOperator = operator.operator() == Operator.BOOL || operator.operator() == Operator.NULL;
        if (booleanOperator && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new PolicyException("Statement " + sid + ": " + operator + " takes true or false, not " + value);
        }
    }
}
