package io.tenantry.local.iam;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A resolved {@link Template}: text and wildcards, compared with a request value the way each
 * policy element and operator compares.
 *
 * <ul>
 *   <li>{@link #text()}: the wildcards as plain characters, for the {@code ...Equals} operators and
 *       {@code Bool}.
 *   <li>{@link #matchesString}: {@code *} any run of characters, {@code ?} any one ({@code
 *       StringLike}, and actions with {@code ignoreCase}).
 *   <li>{@link #matchesArn}: {@code ArnLike}/{@code ArnEquals}: a wildcard in one of the first
 *       five colon-separated components stays within it; in the resource part it reaches anything.
 *   <li>{@link #matchesResource}: the {@code Resource} element: as {@code matchesArn}, and a {@code
 *       *} that ends a component may also reach past its colons, as IAM documents.
 * </ul>
 *
 * A request value put in by a policy variable is literal text; if it holds a wildcard character,
 * matching it as a pattern throws, since IAM does not document what such a value does.
 */
final class Glob {
    private static final int ARN_PREFIX_COLONS = 5;

    private enum Scope {
        STRING,
        ARN,
        RESOURCE
    }

    private final List<Template.Part> parts;

    Glob(List<Template.Part> parts) {
        this.parts = List.copyOf(parts);
    }

    String text() {
        StringBuilder text = new StringBuilder();
        for (Template.Part part : parts) {
            switch (part) {
                case Template.Text t -> text.append(t.text());
                case Template.Wildcard w -> text.append(w.symbol());
                case Template.Variable v -> throw new IllegalStateException("unresolved " + v);
            }
        }
        return text.toString();
    }

    boolean matchesString(String value, boolean ignoreCase) {
        return compile(Scope.STRING, ignoreCase).matcher(value).matches();
    }

    boolean matchesArn(String value) {
        return compile(Scope.ARN, false).matcher(value).matches();
    }

    boolean matchesResource(String value) {
        return compile(Scope.RESOURCE, false).matcher(value).matches();
    }

    private Pattern compile(Scope scope, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        int colons = 0;
        for (int i = 0; i < parts.size(); i++) {
            switch (parts.get(i)) {
                case Template.Text t -> {
                    if (t.substituted() && (t.text().contains("*") || t.text().contains("?"))) {
                        throw new PolicyException("A policy variable's value holds a wildcard character (" + t.text()
                                + "); how IAM matches it is not documented");
                    }
                    regex.append(Pattern.quote(t.text()));
                    colons += (int) t.text().chars().filter(c -> c == ':').count();
                }
                case Template.Wildcard w -> {
                    boolean crossesColons = scope == Scope.STRING
                            || colons >= ARN_PREFIX_COLONS
                            || (scope == Scope.RESOURCE && w.symbol() == '*' && endsComponent(i));
                    regex.append(w.symbol() == '*' ? (crossesColons ? ".*" : "[^:]*") : (crossesColons ? "." : "[^:]"));
                }
                case Template.Variable v -> throw new IllegalStateException("unresolved " + v);
            }
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags);
    }

    private boolean endsComponent(int wildcard) {
        if (wildcard + 1 == parts.size()) {
            return true;
        }
        return parts.get(wildcard + 1) instanceof Template.Text next
                && next.text().startsWith(":");
    }

    @Override
    public String toString() {
        return text();
    }
}
