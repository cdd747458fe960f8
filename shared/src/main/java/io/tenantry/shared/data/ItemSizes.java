package io.tenantry.shared.data;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size DynamoDB bills an item by, as its documentation describes it: each attribute's name in
 * UTF-8 bytes plus its value (strings in UTF-8 bytes, numbers about one byte per two significant
 * digits plus one, binaries their length, booleans and nulls one byte, lists and maps three bytes
 * plus one per element plus their elements). Metering counts a tenant's stored bytes with it.
 */
public final class ItemSizes {
    private ItemSizes() {}

    public static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (var attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + of(attribute.getValue());
        }
        return size;
    }

    static long of(AttributeValue value) {
        if (value == null) {
            return 0;
        }
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return number(value.n());
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
            return 1;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(ItemSizes::utf8).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToLong(ItemSizes::number).sum();
        }
        if (value.hasBs()) {
            return value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToLong(v -> 1 + of(v)).sum();
        }
        if (value.hasM()) {
            return 3
                    + value.m().entrySet().stream()
                            .mapToLong(e -> 1 + utf8(e.getKey()) + of(e.getValue()))
                            .sum();
        }
        return 0;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long number(String text) {
        long digits = text.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }
}
