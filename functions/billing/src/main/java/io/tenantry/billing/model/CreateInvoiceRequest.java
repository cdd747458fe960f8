package io.tenantry.billing.model;

import io.tenantry.shared.json.JsonBody;
import java.time.YearMonth;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/invoices}: {@code period}, a month {@code YYYY-MM} that is closed or
 * current (UTC), from 2000-01; a future month is refused.
 */
public record CreateInvoiceRequest(YearMonth period) {
    private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
    /** No tenant existed before: an earlier period is a typing error. */
    public static final YearMonth EARLIEST = YearMonth.of(2000, 1);

    public static CreateInvoiceRequest parse(JsonBody body, YearMonth currentMonth) {
        String raw = body.requiredString("period", 1, 32);
        YearMonth period = null;
        if (raw != null) {
            if (!MONTH.matcher(raw).matches()) {
                body.reject("period", "must be a month YYYY-MM");
            } else {
                period = YearMonth.parse(raw);
                if (period.isAfter(currentMonth)) {
                    body.reject("period", "must not be a future month (the current month is " + currentMonth + ")");
                } else if (period.isBefore(EARLIEST)) {
                    body.reject("period", "must not be before " + EARLIEST);
                }
            }
        }
        body.validate();
        return new CreateInvoiceRequest(period);
    }
}
