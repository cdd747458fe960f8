package io.tenantry.tenants.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.aws.TenantCredentials;
import io.tenantry.shared.json.EventHandler;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.tenants.model.ChangePlanRequest;
import io.tenantry.tenants.model.InvalidOperatorRequestException;
import io.tenantry.tenants.model.Tenant;
import io.tenantry.tenants.service.TenantService;
import jakarta.inject.Inject;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * The operator's plan change, invoked directly with {@code {"tenantId": "ten_…", "plan": "pro"}} (IAM
 * decides who may invoke it; no HTTP route reaches it): answers the tenant with its new plan, whose rate
 * and quotas apply within 5 seconds. This is where a billing system plugs in. A malformed payload or an
 * unknown tenant fails the invocation with the reason.
 */
public class ChangeTenantPlanHandler extends EventHandler<Map<String, Object>, Tenant> implements Resource {
    @Inject
    TenantService tenants;

    @Inject
    FunctionMetrics metrics;

    private final InstanceStart start = new InstanceStart();

    public ChangeTenantPlanHandler() {
        super();
        Core.getGlobalContext().register(this);
    }

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

    /**
     * Before a SnapStart snapshot: a plan change of the priming tenant, from the payload's JSON to an answer's, {@code
     * tenantry.priming.rounds} times: its credentials are vended and its record read, which does not exist (no
     * sign-up can mint it), so the change answers that there is no such tenant and writes nothing. Then the metrics
     * emitter, and the priming tenant's credentials are dropped: none go into the snapshot.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming priming = applicationContext.getBean(Priming.class);
        priming.primeEvents("the plan change", this::primeOnce);
        priming.primeMetrics();
        applicationContext.getBean(TenantCredentials.class).forget();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // No tenant's credentials are kept in a snapshot (priming forgets the priming tenant's); any are dropped here.
        applicationContext.getBean(TenantCredentials.class).forget();
    }

    private void primeOnce() {
        try {
            changePlan(throughJson(Map.of("tenantId", Priming.TENANT_ID, "plan", "pro")));
        } catch (InvalidOperatorRequestException e) {
            // The priming tenant does not exist: the answer to every round.
        } catch (RuntimeException e) {
            if (!PrimingGuard.stopped(e)) {
                throw e; // were it to exist, its write would be stopped before it is sent
            }
        }
        writeNowhere(new Tenant(Priming.TENANT_ID, "Priming", "pro", Tenant.ACTIVE, "1970-01-01T00:00:00Z", 1));
    }
}
