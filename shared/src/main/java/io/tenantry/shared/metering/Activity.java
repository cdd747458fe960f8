package io.tenantry.shared.metering;

import java.util.List;

/** A tenant's activity over a range of days: each day's, and the routes most requested over the range. */
public record Activity(List<DailyActivity> days, List<RouteRequests> topRoutes) {
    public Activity {
        days = List.copyOf(days);
        topRoutes = List.copyOf(topRoutes);
    }

    /** A route ({@code "GET /v1/projects"}) and its requests over the range. */
    public record RouteRequests(String route, long requests) {}
}
