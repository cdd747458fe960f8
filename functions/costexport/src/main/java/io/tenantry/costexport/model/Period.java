package io.tenantry.costexport.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** The days an export covers, both included. */
public record Period(LocalDate from, LocalDate to) {
    /** The longest period one export covers. */
    public static final int MAX_DAYS = 366;

    public Period {
        if (to.isBefore(from)) {
            throw new InvalidExportRequestException("to: " + to + " is before from " + from + ".");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new InvalidExportRequestException(
                    "to: the period from " + from + " to " + to + " is longer than " + MAX_DAYS + " days.");
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
