package io.tenantry.local.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads of parsed YAML values, failing with the path of the value. */
final class Nodes {
    private Nodes() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String path) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TemplateException(path + ": expected a mapping, found " + describe(value));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new TemplateException(path + ": expected a list, found " + describe(value));
    }

    /** A list of strings; a single string counts as a list of one. */
    static List<String> strings(Object value, String path) {
        if (value instanceof String single) {
            return List.of(single);
        }
        List<Object> list = list(value, path);
        for (int i = 0; i < list.size(); i++) {
            literal(list.get(i), path + "[" + i + "]");
        }
        return list.stream().map(String::valueOf).toList();
    }

    /** A plain string, or null if absent; an intrinsic function here is an error. */
    static String string(Object value, String path) {
        return value == null ? null : String.valueOf(literal(value, path));
    }

    /** A plain string, or empty if absent or not plain (an intrinsic function). */
    static Optional<String> plainString(Object value) {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    static Integer integer(Object value, String path) {
        if (value == null) {
            return null;
        }
        Object literal = literal(value, path);
        if (literal instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.valueOf(literal.toString().trim());
        } catch (NumberFormatException e) {
            throw new TemplateException(path + ": expected a whole number, found " + describe(value));
        }
    }

    static boolean bool(Object value, boolean absent, String path) {
        if (value == null) {
            return absent;
        }
        Object literal = literal(value, path);
        if (literal instanceof Boolean b) {
            return b;
        }
        String text = literal.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new TemplateException(path + ": expected true or false, found " + describe(value));
    }

    /**
     * The logical id a value points at: {@code {"Ref": id}}, {@code {"Fn::GetAtt": [id, attr]}}, or empty for
     * anything else (a literal ARN, say).
     */
    static Optional<String> referencedLogicalId(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object ref = map.get("Ref");
            if (ref instanceof String id) {
                return Optional.of(id);
            }
            Object getAtt = map.get("Fn::GetAtt");
            if (getAtt instanceof List<?> args && !args.isEmpty() && args.get(0) instanceof String id) {
                return Optional.of(id);
            }
            if (getAtt instanceof String dotted && dotted.indexOf('.') > 0) {
                return Optional.of(dotted.substring(0, dotted.indexOf('.')));
            }
        }
        return Optional.empty();
    }

    private static Object literal(Object value, String path) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new TemplateException(path + ": expected a literal value, found " + describe(value));
        }
        return value;
    }

    static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
