package io.tenantry.billing.model;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The usage object of the API: the period and one entry per day, every day of it. */
@Serdeable
public record UsageReport(String from, String to, List<Day> days) {

    /**
     * One day's metered usage. {@code computeGbSeconds} (billed milliseconds × memory) is added to the
     * contract's fields; {@code storageBytes} is what the tenant stored at the end of the day.
     */
    @Serdeable
    public record Day(
            String date,
            long requests,
            long computeMs,
            double computeGbSeconds,
            long storageBytes,
            long mediaProcessed,
            long invoicesRendered) {}
}
