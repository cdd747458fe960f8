package io.tenantry.costexport.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one invocation asks for: the period (the previous UTC day by default), and where the infrastructure cost
 * comes from — the price model by default, or an actual bill given inline ({@code bill}: product code → USD) or as
 * a Cost and Usage Report CSV in the exports bucket ({@code billKey}).
 */
public record ExportRequest(Period period, Optional<Map<String, BigDecimal>> bill, Optional<String> billKey) {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> FIELDS = Set.of("from", "to", "bill", "billKey");
    /** What EventBridge puts around a scheduled event (the {@code Schedule} event type). */
    private static final Set<String> EVENTBRIDGE_FIELDS =
            Set.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail");

    /**
     * Reads a payload: {@code {}} (what EventBridge Scheduler sends) or an EventBridge scheduled event covers the
     * day before the invocation (or before the event's {@code time}); {@code {"from": "YYYY-MM-DD", "to":
     * "YYYY-MM-DD"}} covers those days. Unknown fields are refused, so that a misspelt {@code from} never turns into
     * an export of yesterday.
     */
    public static ExportRequest parse(Map<String, Object> payload, Instant now) {
        Map<String, Object> fields = payload == null ? Map.of() : payload;
        boolean scheduledEvent = fields.containsKey("detail-type");
        for (String field : fields.keySet()) {
            if (!FIELDS.contains(field) && !(scheduledEvent && EVENTBRIDGE_FIELDS.contains(field))) {
                throw new InvalidExportRequestException(
                        field + ": unknown field; an export takes from, to, and optionally bill or billKey.");
            }
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Period period;
        if (!fields.containsKey("from") && !fields.containsKey("to")) {
            LocalDate reference = scheduledEvent ? eventDay(fields.get("time"), today) : today;
            period = new Period(reference.minusDays(1), reference.minusDays(1));
        } else {
            LocalDate from = date(fields, "from");
            LocalDate to = date(fields, "to");
            if (to.isAfter(today)) {
                throw new InvalidExportRequestException(
                        "to: " + to + " is in the future (today is " + today + ", UTC).");
            }
            period = new Period(from, to);
        }
        if (fields.containsKey("bill") && fields.containsKey("billKey")) {
            throw new InvalidExportRequestException("billKey: give bill or billKey, not both.");
        }
        return new ExportRequest(period, bill(fields.get("bill")), billKey(fields.get("billKey")));
    }

    private static LocalDate eventDay(Object time, LocalDate fallback) {
        if (time instanceof String text) {
            try {
                return LocalDate.ofInstant(Instant.parse(text), ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InvalidExportRequestException("time: '" + text + "' is not an ISO-8601 instant.");
            }
        }
        return fallback;
    }

    private static LocalDate date(Map<String, Object> fields, String field) {
        Object value = fields.get(field);
        if (value == null) {
            throw new InvalidExportRequestException(
                    field + ": required; give from and to together (YYYY-MM-DD, both days included).");
        }
        if (!(value instanceof String text) || !DATE.matcher(text).matches()) {
            throw new InvalidExportRequestException(field + ": " + describe(value) + " is not a date (YYYY-MM-DD).");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidExportRequestException(field + ": '" + text + "' is not a real date.");
        }
    }

    private static Optional<Map<String, BigDecimal>> bill(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> entries) || entries.isEmpty()) {
            throw new InvalidExportRequestException(
                    "bill: must be an object of product codes to USD amounts, e.g. {\"AWSLambda\": \"12.34\"}.");
        }
        Map<String, BigDecimal> bill = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String service = String.valueOf(entry.getKey());
            Object amount = entry.getValue();
            BigDecimal usd;
            try {
                usd = amount instanceof Number || amount instanceof String ? new BigDecimal(amount.toString()) : null;
            } catch (NumberFormatException e) {
                usd = null;
            }
            if (usd == null || usd.signum() < 0) {
                throw new InvalidExportRequestException(
                        "bill." + service + ": " + describe(amount) + " is not an amount in USD (0 or more).");
            }
            bill.put(service, usd);
        }
        return Optional.of(Map.copyOf(bill));
    }

    private static Optional<String> billKey(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String key) || key.isBlank() || key.startsWith("/")) {
            throw new InvalidExportRequestException("billKey: must be the key of a CSV object in the exports bucket.");
        }
        return Optional.of(key);
    }

    private static String describe(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }
}
