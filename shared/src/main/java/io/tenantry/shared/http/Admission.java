package io.tenantry.shared.http;

import io.tenantry.shared.auth.Authorization;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.MembershipGate;
import io.tenantry.shared.problem.ForbiddenException;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.ratelimit.CallerLimiter;
import io.tenantry.shared.ratelimit.RateLimiter;
import io.tenantry.shared.tracing.AwsCallSpans;
import jakarta.inject.Singleton;
import org.slf4j.MDC;

/**
 * Admits a request to its route before the handler runs, as the route's {@link Route} declares, in
 * the contract's order: 401 (token), 404 (the token's tenant is gone), 403 (stored membership, role),
 * 429 (rate).
 */
@Singleton
public final class Admission {
    private final MembershipGate gate;
    private final RateLimiter limiter;
    private final CallerLimiter callerLimiter;

    public Admission(MembershipGate gate, RateLimiter limiter, CallerLimiter callerLimiter) {
        this.gate = gate;
        this.limiter = limiter;
        this.callerLimiter = callerLimiter;
    }

    void admit(ApiRequest request, Route route) {
        switch (route.access()) {
            case PUBLIC -> {}
            case CALLER -> callerLimiter.acquire(request.caller());
            case TENANT -> request.admit(tenant(request, route), route.metered());
        }
    }

    private TenantAccess tenant(ApiRequest request, Route route) {
        Caller caller = request.caller();
        if (caller.tenantId().isEmpty()) {
            throw new ForbiddenException("This route needs a token issued for a tenant membership.");
        }
        MembershipGate.Standing standing =
                gate.standing(caller, caller.tenantId().get());
        if (!standing.tenantActive()) {
            throw new NotFoundException("There is no such tenant.");
        }
        TenantAccess access = Authorization.admit(caller, standing.userId(), standing.role(), route.role());
        MDC.put(AwsCallSpans.LOGGED_TENANT, access.tenantId());
        request.resolved(access.tenantId());
        limiter.acquire(access);
        return access;
    }
}
