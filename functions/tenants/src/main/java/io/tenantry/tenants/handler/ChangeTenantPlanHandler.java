package io.tenantry.tenants.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.json.EventHandler;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.tenants.model.ChangePlanRequest;
import io.tenantry.tenants.model.InvalidOperatorRequestException;
import io.tenantry.tenants.model.Tenant;
import io.tenantry.tenants.service.TenantService;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The operator's plan change, invoked directly with {@code {"tenantId": "ten_…", "plan": "pro"}} (IAM
 * decides who may invoke it; no HTTP route reaches it): answers the tenant with its new plan, whose rate
 * and quotas apply within 5 seconds. This is where a billing system plugs in. A malformed payload or an
 * unknown tenant fails the invocation with the reason.
 */
public class ChangeTenantPlanHandler extends EventHandler<Map<String, Object>, Tenant> {
    @Inject
    TenantService tenants;

    @Inject
    FunctionMetrics metrics;

    private final InstanceStart start = new InstanceStart();

    public ChangeTenantPlanHandler() {}

    public ChangeTenantPlanHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Tenant execute(Map<String, Object> payload) {
        return metrics.invocation(getClass(), start, () -> changePlan(payload));
    }

    private Tenant changePlan(Map<String, Object> payload) {
        ChangePlanRequest request = ChangePlanRequest.parse(payload);
        try {
            return tenants.changePlan(SystemAccess.forWorker(request.tenantId()), request.plan());
        } catch (NotFoundException e) {
            throw new InvalidOperatorRequestException("There is no active tenant '" + request.tenantId() + "'.");
        }
    }
}
