package io.tenantry.shared.data;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The DynamoDB table every item lives in: {@code TENANTRY_TABLE}, set by the template. */
@Singleton
public final class TableSettings {
    private final String name;

    public TableSettings(@Value("${tenantry.table:}") String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }
}
