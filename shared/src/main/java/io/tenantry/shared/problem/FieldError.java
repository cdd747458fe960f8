package io.tenantry.shared.problem;

import io.micronaut.serde.annotation.Serdeable;

/** One invalid input field: its name (a JSON pointer-like dotted path) and what is wrong with it. */
@Serdeable
public record FieldError(String field, String message) {}
