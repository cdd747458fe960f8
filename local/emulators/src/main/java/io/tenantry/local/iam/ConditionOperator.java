package io.tenantry.local.iam;

/**
 * A condition operator as written in a policy: {@code [ForAllValues:|ForAnyValue:]Operator[IfExists]},
 * e.g. {@code ForAllValues:StringLike} or {@code StringEqualsIfExists}.
 */
record ConditionOperator(SetOperator set, Operator operator, boolean ifExists) {
    /** How a condition treats the values of a multivalued request key. */
    enum SetOperator {
        /** No prefix: the key must be single-valued. */
        NONE,
        /** Every request value must match; true when the request has no value at all. */
        FOR_ALL_VALUES,
        /** At least one request value must match; false when the request has no value. */
        FOR_ANY_VALUE
    }

    private static final String FOR_ALL_VALUES = "ForAllValues:";
    private static final String FOR_ANY_VALUE = "ForAnyValue:";
    private static final String IF_EXISTS = "IfExists";

    static ConditionOperator parse(String whole) {
        String name = whole;
        SetOperator set = SetOperator.NONE;
        if (name.startsWith(FOR_ALL_VALUES)) {
            set = SetOperator.FOR_ALL_VALUES;
            name = name.substring(FOR_ALL_VALUES.length());
        } else if (name.startsWith(FOR_ANY_VALUE)) {
            set = SetOperator.FOR_ANY_VALUE;
            name = name.substring(FOR_ANY_VALUE.length());
        }
        boolean ifExists = name.endsWith(IF_EXISTS);
        if (ifExists) {
            name = name.substring(0, name.length() - IF_EXISTS.length());
        }
        Operator operator = Operator.parse(name, whole);
        if (operator == Operator.NULL && (ifExists || set != SetOperator.NONE)) {
            throw new PolicyException("Null takes neither a set operator nor IfExists: " + whole);
        }
        if (operator == Operator.BOOL && set != SetOperator.NONE) {
            throw new PolicyException("Bool with a set operator is not supported here: " + whole);
        }
        return new ConditionOperator(set, operator, ifExists);
    }

    @Override
    public String toString() {
        String prefix = switch (set) {
            case NONE -> "";
            case FOR_ALL_VALUES -> FOR_ALL_VALUES;
            case FOR_ANY_VALUE -> FOR_ANY_VALUE;
        };
        return prefix + operator + (ifExists ? IF_EXISTS : "");
    }
}
