package io.tenantry.shared.http;

import io.tenantry.shared.auth.Authorization;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.MembershipGate;
import io.tenantry.shared.problem.ForbiddenException;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.ratelimit.CallerLimiter;
import io.tenantry.shared.ratelimit.RateLimiter;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.tracing.AwsCallSpans;
import jakarta.inject.Singleton;
import java.util.Optional;
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
    private final PrimingGuard guard;

    public Admission(MembershipGate gate, RateLimiter limiter, CallerLimiter callerLimiter, PrimingGuard guard) {
        this.gate = gate;
        this.limiter = limiter;
        this.callerLimiter = callerLimiter;
        this.guard = guard;
    }

    void admit(ApiRequest request, Route route) {
        switch (route.access()) {
            case PUBLIC -> {}
            case CALLER -> callerLimiter.acquire(request.caller());
            case TENANT -> request.admit(tenant(request, route), route.metered());
        }
    }

    /**
     * Admits the priming caller as the owner of the priming tenant, for {@link ApiRuntime#prime}: only that tenant,
     * and only inside a priming run, whose writes (the rate limiter's lease among them) stop before they are sent.
     */
    void admitForPriming(ApiRequest request, Route route) {
        Caller caller = request.caller();
        if (!guard.active() || !caller.tenantId().equals(Optional.of(Priming.TENANT_ID))) {
            throw new IllegalStateException("Only a priming run admits a request unread, and only the priming tenant.");
        }
        if (route.access() != Route.Access.TENANT) {
            return;
        }
        TenantAccess access = Authorization.admit(caller, Priming.USER_ID, Role.OWNER, route.role());
        request.resolved(access.tenantId());
        request.admit(access, false);
        try {
            limiter.acquire(access);
        } catch (RuntimeException e) {
            if (!PrimingGuard.stopped(e)) {
                throw e;
            }
            // The lease is a write: marshalled and signed, not sent.
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
