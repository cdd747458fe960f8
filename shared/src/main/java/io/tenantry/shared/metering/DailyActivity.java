package io.tenantry.shared.metering;

import java.time.LocalDate;

/**
 * What a tenant's members did on one UTC day: the admitted requests (the same count as usage's), the writes among
 * them (successful requests of a non-{@code GET} route), those answered 4xx and 5xx, and how many distinct users
 * made them.
 */
public record DailyActivity(
        LocalDate date, long requests, long writes, long clientErrors, long serverErrors, long activeUsers) {}
