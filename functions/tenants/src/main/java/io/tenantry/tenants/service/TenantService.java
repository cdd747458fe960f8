package io.tenantry.tenants.service;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.audit.AuditEvent;
import io.tenantry.shared.audit.AuditLog;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Outbox;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.metrics.BusinessMetrics;
import io.tenantry.shared.metrics.MetricNames;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.problem.ConflictException;
import io.tenantry.shared.problem.ForbiddenException;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.problem.PreconditionFailedException;
import io.tenantry.shared.ratelimit.RateLimiter;
import io.tenantry.tenants.model.CreateTenantRequest;
import io.tenantry.tenants.model.Tenant;
import io.tenantry.tenants.model.UpdateTenantRequest;
import io.tenantry.tenants.purge.PurgeQueue;
import io.tenantry.tenants.repository.TenantRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Sign-up, the tenant's own settings, the operator's plan changes, and offboarding. */
@Singleton
public final class TenantService {
    /** Attempts of an update without {@code If-Match} that races other writers, before a 409. */
    static final int UPDATE_ATTEMPTS = 3;

    private final TenantRepository tenants;
    private final UserDirectory directory;
    private final RateLimiter limiter;
    private final PurgeQueue purges;
    private final BusinessMetrics business;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;
    private final Plan signUpPlan;
    private final int maxOwnedTenants;

    public TenantService(
            TenantRepository tenants,
            UserDirectory directory,
            RateLimiter limiter,
            PurgeQueue purges,
            BusinessMetrics business,
            AuditLog audit,
            Outbox outbox,
            Clock clock,
            @Value("${tenantry.signup.plan:free}") String signUpPlan,
            @Value("${tenantry.signup.max-owned-tenants:5}") int maxOwnedTenants) {
        this.tenants = tenants;
        this.directory = directory;
        this.limiter = limiter;
        this.purges = purges;
        this.business = business;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
        this.signUpPlan = Plan.fromWireName(signUpPlan)
                .orElseThrow(() -> new IllegalStateException("TENANTRY_SIGNUP_PLAN is not a plan: " + signUpPlan));
        this.maxOwnedTenants = maxOwnedTenants;
    }

    /**
     * Creates a tenant on the deployment's sign-up plan whose owner is the caller: 403 when the body
     * asks for another plan, 409 when the caller already owns {@code tenantry.signup.max-owned-tenants}
     * tenants that are not being deleted.
     */
    public Tenant create(Caller caller, CreateTenantRequest request) {
        if (request.plan().isPresent() && !request.plan().get().equals(signUpPlan.wireName())) {
            throw new ForbiddenException(
                    "A new tenant gets the '" + signUpPlan.wireName() + "' plan; plans are set by the operator.");
        }
        String userId = directory.ensureUserId(caller);
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            long seen = directory.signUpSeq(userId);
            long owned = directory.memberships(userId).stream()
                    .filter(m -> m.role() == Role.OWNER && m.isActive() && Tenant.ACTIVE.equals(m.tenantStatus()))
                    .count();
            if (owned >= maxOwnedTenants) {
                throw new ConflictException("A user may own at most " + maxOwnedTenants + " tenants.");
            }
            TenantAccess access = caller.ownerOfNewTenant(Ids.tenantId(), userId);
            Tenant created;
            try {
                created = tenants.create(
                        access, request.name(), signUpPlan, caller.email().orElse(null), seen);
            } catch (StaleVersionException e) {
                // another sign-up of this user went first: count again
                continue;
            }
            business.record(MetricNames.SIGN_UPS, created.id(), Optional.of(signUpPlan));
            return created;
        }
        throw new ConflictException("Other sign-ups of this user are under way; try again.");
    }

    /** The operator's plan change: the tenant with its new plan; in force within 5 seconds everywhere. */
    public Tenant changePlan(TenantAccess access, Plan plan) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Tenant current = get(access);
            if (!Tenant.ACTIVE.equals(current.status())) {
                throw notFound();
            }
            if (current.plan().equals(plan.wireName())) {
                return current;
            }
            try {
                Tenant changed = tenants.update(access, current.version(), Optional.empty(), Optional.of(plan));
                // The operator's change: no user acted (docs/audit.md).
                audit.record(
                        access,
                        "tenant.plan_changed",
                        null,
                        new AuditEvent.Resource("tenant", access.tenantId()),
                        null,
                        java.util.List.of("plan"));
                return changed;
            } catch (StaleVersionException e) {
                // a concurrent write: apply the change to the newer version
            }
        }
        throw new ConflictException("The tenant is being changed by other requests; try again.");
    }

    public Tenant get(TenantAccess access) {
        return tenants.find(access).orElseThrow(TenantService::notFound);
    }

    /**
     * Applies the tenant's own changes (its name). With {@code ifMatch} the
     * write happens only at that version (412 otherwise); without it, a concurrent write is never
     * overwritten blindly: the change is re-applied to the newer version, a few times at most.
     */
    public Tenant update(TenantAccess access, UpdateTenantRequest changes, OptionalLong ifMatch) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Tenant current = get(access);
            if (ifMatch.isPresent() && ifMatch.getAsLong() != current.version()) {
                throw new PreconditionFailedException(
                        "The tenant has changed since version " + ifMatch.getAsLong() + ".");
            }
            if (isNoChange(current, changes)) {
                return current;
            }
            try {
                return tenants.update(access, current.version(), changes.name(), Optional.empty());
            } catch (StaleVersionException e) {
                if (ifMatch.isPresent()) {
                    throw new PreconditionFailedException(
                            "The tenant has changed since version " + ifMatch.getAsLong() + ".");
                }
            }
        }
        throw new ConflictException("The tenant is being changed by other requests; try again.");
    }

    /**
     * Offboarding: marks the tenant {@code deleting} and closes its rate bucket in one transaction
     * (from then on its tokens answer 404 on every tenant route: in this instance at once, in others
     * within a rate lease, at most a second), with the purge's first message in the same transaction
     * (the outbox relay sends it: docs/outbox.md), so a tenant is never left deleting without its purge.
     */
    public Tenant delete(TenantAccess access) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Tenant current = get(access);
            if (!Tenant.ACTIVE.equals(current.status())) {
                throw notFound();
            }
            Tenant deleting;
            Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
            try {
                deleting = outbox.with(
                        access,
                        List.of(purges.firstPass(access, now)),
                        () -> tenants.markDeleting(access, current.version(), now.toString()));
            } catch (StaleVersionException e) {
                continue;
            }
            limiter.forget(access);
            business.record(MetricNames.OFFBOARDINGS, access.tenantId(), Plan.fromWireName(current.plan()));
            return deleting;
        }
        throw new ConflictException("The tenant is being changed by other requests; try again.");
    }

    private static boolean isNoChange(Tenant current, UpdateTenantRequest changes) {
        return changes.name().map(current.name()::equals).orElse(true);
    }

    private static NotFoundException notFound() {
        return new NotFoundException("There is no such tenant.");
    }
}
