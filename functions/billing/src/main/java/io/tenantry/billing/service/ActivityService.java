package io.tenantry.billing.service;

import io.tenantry.billing.model.ActivityReport;
import io.tenantry.billing.model.UsageQuery;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.metering.Activity;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metering.UsageReader;
import jakarta.inject.Singleton;
import java.time.LocalDate;

/**
 * The tenant's activity per day, as {@code GET /v1/analytics/activity} shows it, read from the metered usage
 * (docs/analytics.md): no store of its own, 16 queries for any range.
 */
@Singleton
public class ActivityService {
    /** How many routes the report names, most requested first. */
    static final int TOP_ROUTES = 10;

    private final UsageReader reader;
    private final UsageMeter meter;

    public ActivityService(UsageReader reader, UsageMeter meter) {
        this.reader = reader;
        this.meter = meter;
    }

    public LocalDate today() {
        return reader.today();
    }

    /** This instance's own pending counts are written first, as for usage (UsageService). */
    public ActivityReport activity(TenantAccess access, UsageQuery query) {
        meter.flushForRead();
        Activity activity = reader.activity(access, query.from(), query.to(), TOP_ROUTES);
        return new ActivityReport(
                query.from().toString(),
                query.to().toString(),
                activity.days().stream()
                        .map(d -> new ActivityReport.Day(
                                d.date().toString(),
                                d.requests(),
                                d.writes(),
                                d.clientErrors(),
                                d.serverErrors(),
                                d.activeUsers()))
                        .toList(),
                activity.topRoutes().stream()
                        .map(r -> new ActivityReport.RouteRequests(r.route(), r.requests()))
                        .toList());
    }
}
