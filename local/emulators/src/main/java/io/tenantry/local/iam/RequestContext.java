package io.tenantry.local.iam;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One authorization IAM makes: an action ({@code dynamodb:GetItem}), the ARN of the resource it
 * acts on, and the condition keys of the request with their values. Immutable; each {@code with...}
 * returns a copy.
 *
 * <p>Key names are case-insensitive, as in IAM; values are not. A key is single-valued ({@link
 * #with}) or multivalued ({@link #withValues}, such as {@code dynamodb:LeadingKeys} and {@code
 * dynamodb:Attributes}); an empty set of values is the same as the key being absent. A multivalued
 * key can only be tested with {@code ForAllValues:} or {@code ForAnyValue:}, and cannot be a policy
 * variable.
 */
public final class RequestContext {
    public static final String PRINCIPAL_TAG = "aws:PrincipalTag/";

    private record Values(String name, List<String> values, boolean multiValued) {}

    private final String action;
    private final String resource;
    private final Map<String, Values> keys;

    private RequestContext(String action, String resource, Map<String, Values> keys) {
        this.action = Objects.requireNonNull(action, "action");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** A request for {@code action} on the resource {@code resourceArn}, with no condition keys yet. */
    public static RequestContext of(String action, String resourceArn) {
        return new RequestContext(action, resourceArn, Map.of());
    }

    public String action() {
        return action;
    }

    public String resource() {
        return resource;
    }

    /** The values the request has for {@code key}: empty when it has none. */
    public List<String> values(String key) {
        Values values = keys.get(normalise(key));
        return values == null ? List.of() : values.values();
    }

    public boolean isMultiValued(String key) {
        Values values = keys.get(normalise(key));
        return values != null && values.multiValued();
    }

    /** With the single-valued key {@code key} set to {@code value}. */
    public RequestContext with(String key, String value) {
        return put(key, new Values(key, List.of(Objects.requireNonNull(value, key)), false));
    }

    /** With the multivalued key {@code key} set to the distinct {@code values}, in order. */
    public RequestContext withValues(String key, Collection<String> values) {
        return put(key, new Values(key, List.copyOf(new LinkedHashSet<>(values)), true));
    }

    /** With {@code aws:PrincipalTag/<tag>} for each of the session's tags. */
    public RequestContext withPrincipalTags(Map<String, String> tags) {
        RequestContext context = this;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            context = context.with(PRINCIPAL_TAG + tag.getKey(), tag.getValue());
        }
        return context;
    }

    private RequestContext put(String key, Values values) {
        Map<String, Values> copy = new LinkedHashMap<>(keys);
        if (values.values().isEmpty()) {
            copy.remove(normalise(key));
        } else {
            copy.put(normalise(key), values);
        }
        return new RequestContext(action, resource, copy);
    }

    private static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(action).append(" on ").append(resource);
        keys.values()
                .forEach(v -> text.append(", ").append(v.name()).append('=').append(v.values()));
        return text.toString();
    }
}
