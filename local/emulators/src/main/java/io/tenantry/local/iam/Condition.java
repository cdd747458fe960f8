package io.tenantry.local.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One key of a {@code Condition} block under one operator, with its policy values: {@code
 * "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["TENANT#a", "TENANT#a#*"]}}. The values are
 * ORed; every condition of a statement must hold (AND).
 */
record Condition(ConditionOperator operator, String key, List<Template> values) {
    Condition {
        values = List.copyOf(values);
    }

    /**
     * Whether the request meets the condition; empty when a policy variable in its values has no
     * value in the request, which makes the whole statement not match.
     */
    Optional<Boolean> evaluate(RequestContext request) {
        List<String> actual = request.values(key);
        if (operator.operator() == Operator.NULL) {
            return Optional.of(nullCheck(actual.isEmpty()));
        }
        List<Glob> expected = new ArrayList<>(values.size());
        for (Template value : values) {
            Optional<Glob> resolved = value.resolve(request);
            if (resolved.isEmpty()) {
                return Optional.empty();
            }
            expected.add(resolved.get());
        }
        return Optional.of(
                switch (operator.set()) {
                    case NONE -> single(request, actual, expected);
                    case FOR_ALL_VALUES -> actual.stream().allMatch(value -> test(value, expected));
                    case FOR_ANY_VALUE ->
                        actual.isEmpty()
                                ? operator.ifExists()
                                : actual.stream().anyMatch(value -> test(value, expected));
                });
    }

    private boolean single(RequestContext request, List<String> actual, List<Glob> expected) {
        if (request.isMultiValued(key)) {
            throw new PolicyException("The multivalued key " + key + " needs ForAllValues: or ForAnyValue:, not "
                    + operator + " (IAM requires a set operator for it)");
        }
        if (actual.isEmpty()) {
            return operator.ifExists() || operator.operator().negated();
        }
        return test(actual.get(0), expected);
    }

    private boolean test(String value, List<Glob> expected) {
        boolean matchesOne =
                expected.stream().anyMatch(glob -> operator.operator().matches(value, glob));
        return operator.operator().negated() != matchesOne;
    }

    private boolean nullCheck(boolean absent) {
        return values.stream().anyMatch(value -> Boolean.parseBoolean(value.source()) == absent);
    }

    @Override
    public String toString() {
        return operator + " " + key + " " + values;
    }
}
