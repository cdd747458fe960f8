package io.tenantry.shared.json;

import io.micronaut.json.tree.JsonNode;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request's JSON object, read field by field. Every accessor records what is wrong instead of
 * throwing, so that {@link #validate()} can answer one 400 naming every bad field. Unknown fields are
 * ignored.
 */
public final class JsonBody {
    private final JsonNode root;
    private final List<FieldError> errors = new ArrayList<>();

    JsonBody(JsonNode root) {
        this.root = root;
    }

    /** True when the body has the field, even with a null value. */
    /** The names of the body's top-level fields, in order. */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        if (root.isObject()) {
            root.entries().forEach(entry -> names.add(entry.getKey()));
        }
        return names;
    }

    public boolean has(String field) {
        return root.get(field) != null;
    }

    /** True when the body has the field with an explicit {@code null} (a request to clear it). */
    public boolean isNull(String field) {
        JsonNode node = root.get(field);
        return node != null && node.isNull();
    }

    /** A string that must be present, with {@code min}..{@code max} characters after trimming. */
    public String requiredString(String field, int min, int max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        return checkedString(field, node, min, max);
    }

    /** A string that may be absent; present, it must not be null and must fit the length. */
    public Optional<String> optionalString(String field, int min, int max) {
        JsonNode node = root.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNull()) {
            errors.add(new FieldError(field, "must not be null"));
            return Optional.empty();
        }
        return Optional.ofNullable(checkedString(field, node, min, max));
    }

    /**
     * One of a fixed set of strings, parsed by {@code parse}; absent gives {@code Optional.empty()}.
     * {@code allowed} lists the accepted values for the error message.
     */
    public <T> Optional<T> optionalChoice(String field, Function<String, Optional<T>> parse, List<String> allowed) {
        JsonNode node = root.get(field);
        if (node == null) {
            return Optional.empty();
        }
        Optional<T> value = node.isString() ? parse.apply(node.getStringValue()) : Optional.empty();
        if (value.isEmpty()) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed)));
        }
        return value;
    }

    /** Like {@link #optionalChoice} but the field must be present. */
    public <T> T requiredChoice(String field, Function<String, Optional<T>> parse, List<String> allowed) {
        if (root.get(field) == null) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        return optionalChoice(field, parse, allowed).orElse(null);
    }

    /**
     * A whole number that must be present, from {@code min} to {@code max}; null when it is absent,
     * not a JSON integer (a string, a fraction, {@code 1e3}) or out of range, each recorded as an error.
     */
    public Long requiredWholeNumber(String field, long min, long max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        Number number = node.isNumber() ? node.getNumberValue() : null;
        boolean whole = number instanceof Integer
                || number instanceof Long
                || number instanceof Short
                || number instanceof Byte
                || number instanceof java.math.BigInteger;
        if (!whole) {
            errors.add(new FieldError(field, "must be a whole number"));
            return null;
        }
        if (number instanceof java.math.BigInteger big && big.bitLength() > 63) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return null;
        }
        long value = number.longValue();
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return null;
        }
        return value;
    }

    /**
     * A required array of {@code minItems} to {@code maxItems} strings, each 1 to {@code maxLength} characters;
     * null when it is absent or not such an array, recorded as an error naming the field.
     */
    public List<String> requiredStrings(String field, int minItems, int maxItems, int maxLength) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isArray() || node.size() < minItems || node.size() > maxItems) {
            errors.add(new FieldError(field, "must be an array of " + minItems + " to " + maxItems + " strings"));
            return null;
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node.values()) {
            if (!item.isString()
                    || item.getStringValue().isBlank()
                    || item.getStringValue().length() > maxLength) {
                errors.add(new FieldError(field, "must be an array of " + minItems + " to " + maxItems + " strings"));
                return null;
            }
            values.add(item.getStringValue().strip());
        }
        return List.copyOf(values);
    }

    /** Records a failed rule that the accessors cannot express. */
    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Throws one {@link ValidationException} naming every field found wrong so far. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private String checkedString(String field, JsonNode node, int min, int max) {
        if (!node.isString()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String value = node.getStringValue().strip();
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            errors.add(new FieldError(
                    field, min == 1 ? "must not be blank" : "must have at least " + min + " characters"));
            return null;
        }
        if (length > max) {
            errors.add(new FieldError(field, "must have at most " + max + " characters"));
            return null;
        }
        return value;
    }
}
