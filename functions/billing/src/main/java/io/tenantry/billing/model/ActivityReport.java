package io.tenantry.billing.model;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The activity object of the API: the period, one entry per day (every day of it), and the top routes. */
@Serdeable
public record ActivityReport(String from, String to, List<Day> days, List<RouteRequests> topRoutes) {

    /** One day's activity: admitted requests (as usage counts them), writes, 4xx, 5xx and distinct users. */
    @Serdeable
    public record Day(
            String date, long requests, long writes, long clientErrors, long serverErrors, long activeUsers) {}

    /** A route and its requests over the period. */
    @Serdeable
    public record RouteRequests(String route, long requests) {}
}
