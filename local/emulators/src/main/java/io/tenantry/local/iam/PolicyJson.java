package io.tenantry.local.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading the JSON of a policy: duplicate keys refused, a string or an array of strings where IAM takes either. */
final class PolicyJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PolicyJson() {}

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PolicyException("Not a policy document: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new PolicyException(what + " must be a JSON object");
        }
        return node;
    }

    /** Fails on a member outside {@code allowed}, so a misspelt element is never ignored. */
    static void onlyMembers(JsonNode object, Set<String> allowed, String what) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new PolicyException("Unknown element " + name + " in " + what);
            }
        }
    }

    /** A string, or a non-empty array of strings. */
    static List<String> strings(JsonNode node, String what) {
        return scalars(node, what, false);
    }

    /** As {@link #strings}, also taking JSON booleans and numbers as their text (condition values). */
    static List<String> values(JsonNode node, String what) {
        return scalars(node, what, true);
    }

    private static List<String> scalars(JsonNode node, String what, boolean anyScalar) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
            if (items.isEmpty()) {
                throw new PolicyException(what + " must not be an empty array");
            }
        } else {
            items.add(node);
        }
        List<String> strings = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            boolean accepted = item.isTextual() || (anyScalar && (item.isBoolean() || item.isNumber()));
            if (!accepted) {
                throw new PolicyException(what + " must be a string or an array of strings, not " + item);
            }
            strings.add(item.asText());
        }
        return strings;
    }

    static Iterable<Map.Entry<String, JsonNode>> members(JsonNode object) {
        return object::fields;
    }
}
