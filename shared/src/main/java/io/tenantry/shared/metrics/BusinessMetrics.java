package io.tenantry.shared.metrics;

import io.micronaut.context.BeanProvider;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.plan.Plan;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * What the business counts, told by the service where it happens, once (a replayed request or a
 * redelivered message that changes nothing counts nothing): {@code SignUps}, {@code Offboardings},
 * {@code UploadsProcessed}, {@code InvoicesRendered}. One EMF line each, with the plan as a dimension
 * and the tenant as a property. Never throws.
 */
@Singleton
public final class BusinessMetrics {
    private final MetricsEmitter emitter;
    /** Only asked when there is a tenant: workers and scheduled functions never build it for their metrics. */
    private final BeanProvider<TenantPlans> plans;

    public BusinessMetrics(MetricsEmitter emitter, BeanProvider<TenantPlans> plans) {
        this.emitter = emitter;
        this.plans = plans;
    }

    /** One {@code metric} (a {@link MetricNames} business name) for a tenant on a known plan. */
    public void record(String metric, String tenantId, Optional<Plan> plan) {
        Optional<Plan> known = plan == null ? Optional.empty() : plan;
        if (known.isEmpty()) {
            try {
                known = plans.get().lastKnown(tenantId);
            } catch (RuntimeException e) {
                known = Optional.empty();
            }
        }
        emitter.emit(MetricLine.create()
                .dimension(MetricNames.PLAN, known.map(Plan::wireName).orElse(MetricNames.NO_PLAN))
                .count(metric, 1)
                .property(MetricNames.TENANT_ID, tenantId));
    }

    /** One {@code metric} for the tenant of {@code access}, on the plan this instance last read for it. */
    public void record(String metric, TenantAccess access) {
        record(metric, access.tenantId(), Optional.empty());
    }
}
