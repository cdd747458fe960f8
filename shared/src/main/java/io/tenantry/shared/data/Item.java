package io.tenantry.shared.data;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A read-only view of a DynamoDB item with typed getters. */
public record Item(Map<String, AttributeValue> attributes) {
    public static final String VERSION = "version";

    public String string(String name) {
        AttributeValue value = attributes.get(name);
        return value == null ? null : value.s();
    }

    public long number(String name) {
        AttributeValue value = attributes.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    public Instant instant(String name) {
        String value = string(name);
        return value == null ? null : Instant.parse(value);
    }

    public long version() {
        return number(VERSION);
    }
}
