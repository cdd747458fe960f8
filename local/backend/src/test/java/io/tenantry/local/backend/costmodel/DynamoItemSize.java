package io.tenantry.local.backend.costmodel;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The size DynamoDB bills an item by, from its wire JSON ({@code {"name": {"S": "..."}}}), by the rules of DynamoDB's
 * documentation, as {@code io.tenantry.shared.data.ItemSizes} applies them to SDK values: names and strings in UTF-8
 * bytes, numbers one byte per two significant digits plus one, binaries their length, booleans and nulls one byte,
 * lists and maps three bytes plus one per element plus the elements.
 */
final class DynamoItemSize {
    private DynamoItemSize() {}

    static long of(JsonNode item) {
        long size = 0;
        if (item == null || !item.isObject()) {
            return 0;
        }
        for (Map.Entry<String, JsonNode> attribute : item.properties()) {
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    private static long value(JsonNode value) {
        if (value == null || !value.isObject() || value.isEmpty()) {
            return 0;
        }
        Map.Entry<String, JsonNode> typed = value.properties().iterator().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> utf8(v.asText());
            case "N" -> number(v.asText());
            case "B" -> Base64.getDecoder().decode(v.asText()).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(v, e -> utf8(e.asText()));
            case "NS" -> sum(v, e -> number(e.asText()));
            case "BS" -> sum(v, e -> Base64.getDecoder().decode(e.asText()).length);
            case "L" -> 3 + sum(v, e -> 1 + value(e));
            case "M" -> {
                long size = 3;
                for (Map.Entry<String, JsonNode> entry : v.properties()) {
                    size += 1 + utf8(entry.getKey()) + value(entry.getValue());
                }
                yield size;
            }
            default -> 0;
        };
    }

    private static long sum(JsonNode array, java.util.function.ToLongFunction<JsonNode> size) {
        long total = 0;
        for (JsonNode element : array) {
            total += size.applyAsLong(element);
        }
        return total;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long number(String text) {
        long digits = text.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }
}
