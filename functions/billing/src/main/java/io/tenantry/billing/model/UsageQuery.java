package io.tenantry.billing.model;

import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.ValidationException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The days {@code GET /v1/usage} and {@code GET /v1/analytics/activity} cover: {@code from} and {@code to} as {@code YYYY-MM-DD}, both
 * included, at most {@value #MAX_DAYS} days. Without either, today (UTC); with {@code from} only,
 * from then to today; with {@code to} only, that one day.
 */
public record UsageQuery(LocalDate from, LocalDate to) {
    public static final int MAX_DAYS = 366;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** Reads both parameters; one 400 names every one that is wrong. */
    public static UsageQuery parse(Optional<String> rawFrom, Optional<String> rawTo, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate from = rawFrom.map(v -> date("from", v, errors)).orElse(null);
        LocalDate to = rawTo.map(v -> date("to", v, errors)).orElse(null);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (to == null) {
            to = from == null || !from.isAfter(today) ? today : from;
        }
        if (from == null) {
            from = to;
        }
        if (to.isBefore(from)) {
            throw new ValidationException(List.of(new FieldError("to", "must not be before from")));
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new ValidationException(
                    List.of(new FieldError("to", "must be at most " + MAX_DAYS + " days from 'from', both included")));
        }
        return new UsageQuery(from, to);
    }

    private static LocalDate date(String field, String value, List<FieldError> errors) {
        String trimmed = value.strip();
        if (DATE.matcher(trimmed).matches()) {
            try {
                return LocalDate.parse(trimmed);
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        }
        errors.add(new FieldError(field, "must be a date YYYY-MM-DD"));
        return null;
    }
}
