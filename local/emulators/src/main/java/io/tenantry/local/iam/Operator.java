package io.tenantry.local.iam;

import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The condition operators this evaluator decides, without their {@code ForAllValues:}/{@code
 * ForAnyValue:} prefix and {@code IfExists} suffix. A negated operator ({@code StringNotEquals},
 * {@code StringNotLike}, ...) is true when the value matches none of the policy's values, and true
 * when the request lacks the key. Any other operator name throws when the policy is read.
 */
enum Operator {
    STRING_EQUALS("StringEquals", false, true, (value, glob) -> glob.text().equals(value)),
    STRING_NOT_EQUALS("StringNotEquals", true, true, STRING_EQUALS.test),
    STRING_EQUALS_IGNORE_CASE(
            "StringEqualsIgnoreCase", false, true, (value, glob) -> glob.text().equalsIgnoreCase(value)),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, true, STRING_EQUALS_IGNORE_CASE.test),
    STRING_LIKE("StringLike", false, true, (value, glob) -> glob.matchesString(value, false)),
    STRING_NOT_LIKE("StringNotLike", true, true, STRING_LIKE.test),
    /** IAM documents ArnEquals and ArnLike alike: both take wildcards, component by component. */
    ARN_EQUALS("ArnEquals", false, true, (value, glob) -> glob.matchesArn(value)),
    ARN_LIKE("ArnLike", false, true, ARN_EQUALS.test),
    ARN_NOT_EQUALS("ArnNotEquals", true, true, ARN_EQUALS.test),
    ARN_NOT_LIKE("ArnNotLike", true, true, ARN_EQUALS.test),
    BOOL("Bool", false, false, (value, glob) -> glob.text().equalsIgnoreCase(value)),
    /** {@code "Null": {"key": "true"}} holds when the request lacks the key; {@code "false"} when it has it. */
    NULL("Null", false, false, (value, glob) -> {
        throw new IllegalStateException("Null tests presence, not values");
    });

    /** IAM operators left out on purpose: a policy that uses one is refused, not half-evaluated. */
    private static final Set<String> UNSUPPORTED = Set.of(
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
            "BinaryEquals",
            "IpAddress",
            "NotIpAddress");

    private final String json;
    private final boolean negated;
    private final boolean takesVariables;
    private final BiPredicate<String, Glob> test;

    Operator(String json, boolean negated, boolean takesVariables, BiPredicate<String, Glob> test) {
        this.json = json;
        this.negated = negated;
        this.takesVariables = takesVariables;
        this.test = test;
    }

    static Operator parse(String name, String whole) {
        for (Operator operator : values()) {
            if (operator.json.equals(name)) {
                return operator;
            }
        }
        if (UNSUPPORTED.contains(name)) {
            throw new PolicyException("Condition operator " + whole + " is IAM's but not supported here");
        }
        throw new PolicyException("Unknown condition operator " + whole);
    }

    boolean negated() {
        return negated;
    }

    /** Policy variables are substituted in the values of the string and ARN operators only. */
    boolean takesVariables() {
        return takesVariables;
    }

    /** Whether the request value matches one policy value, before any negation. */
    boolean matches(String requestValue, Glob policyValue) {
        return test.test(requestValue, policyValue);
    }

    @Override
    public String toString() {
        return json;
    }
}
