package io.tenantry.local.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A string of a policy as written, in a Resource or a condition value: text, the wildcards {@code
 * *} and {@code ?}, and {@code ${...}} policy variables. Parsed once; {@link #resolve} fills the
 * variables in from a request.
 *
 * <p>Variables: {@code ${key}} takes the single value of a request key ({@code
 * ${aws:PrincipalTag/TenantId}}, {@code ${aws:username}}); {@code ${*}}, {@code ${?}} and {@code
 * ${$}} are a literal {@code *}, {@code ?} and {@code $}. A key the request lacks, or one with
 * several values, leaves the variable unresolved, and the whole statement then does not match. A
 * default ({@code ${key, 'default'}}) is not supported and throws. In a policy without {@code
 * Version: 2012-10-17}, {@code ${...}} is plain text, as in IAM.
 */
final class Template {
    sealed interface Part permits Text, Wildcard, Variable {}

    /** Literal text; {@code substituted} when it came from a request value. */
    record Text(String text, boolean substituted) implements Part {}

    /** {@code *} or {@code ?} as written in the policy. */
    record Wildcard(char symbol) implements Part {}

    record Variable(String key) implements Part {}

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    static Template parse(String source, boolean substitutesVariables) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '*' || c == '?') {
                flush(text, parts);
                parts.add(new Wildcard(c));
                i++;
            } else if (substitutesVariables && source.startsWith("${", i)) {
                int end = source.indexOf('}', i + 2);
                if (end < 0) {
                    throw new PolicyException("Unclosed policy variable in " + source);
                }
                String inside = source.substring(i + 2, end);
                switch (inside) {
                    case "*", "?", "$" -> text.append(inside);
                    default -> {
                        flush(text, parts);
                        parts.add(new Variable(variableKey(inside, source)));
                    }
                }
                i = end + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        flush(text, parts);
        return new Template(source, parts);
    }

    private static String variableKey(String inside, String source) {
        if (inside.contains(",")) {
            throw new PolicyException("Policy variable defaults are not supported: " + source);
        }
        if (inside.isBlank() || !inside.strip().equals(inside) || inside.contains(" ")) {
            throw new PolicyException("Malformed policy variable ${" + inside + "} in " + source);
        }
        return inside;
    }

    private static void flush(StringBuilder text, List<Part> parts) {
        if (!text.isEmpty()) {
            parts.add(new Text(text.toString(), false));
            text.setLength(0);
        }
    }

    String source() {
        return source;
    }

    /**
     * The template with its variables replaced by the request's values, or empty when one of them
     * has no single value in the request.
     */
    Optional<Glob> resolve(RequestContext request) {
        List<Part> resolved = new ArrayList<>(parts.size());
        for (Part part : parts) {
            if (part instanceof Variable variable) {
                if (request.isMultiValued(variable.key())) {
                    return Optional.empty();
                }
                List<String> values = request.values(variable.key());
                if (values.size() != 1) {
                    return Optional.empty();
                }
                resolved.add(new Text(values.get(0), true));
            } else {
                resolved.add(part);
            }
        }
        return Optional.of(new Glob(resolved));
    }

    /** This template as a glob: only for one without variables (an action, a literal). */
    Glob glob() {
        if (parts.stream().anyMatch(Variable.class::isInstance)) {
            throw new IllegalStateException("Variables to resolve in " + source);
        }
        return new Glob(parts);
    }

    @Override
    public String toString() {
        return source;
    }
}
