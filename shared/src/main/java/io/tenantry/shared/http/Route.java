package io.tenantry.shared.http;

import io.tenantry.shared.auth.Role;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route's contract, declared once on its handler class and enforced by {@link ApiRuntime} before
 * the handler runs: who may call it, whether it honours {@code Idempotency-Key}, whether it is
 * metered. The route matrix tests, the template check and docs/architecture.md read this declaration.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Route {
    /** The route key exactly as the template's HTTP API event declares it, e.g. {@code POST /v1/projects}. */
    String value();

    /** Who may call the route. */
    Access access() default Access.TENANT;

    /** For a tenant route: the weakest role of the stored membership that may call it. */
    Role role() default Role.VIEWER;

    /** {@code POST} routes that honour {@code Idempotency-Key}, scoped to the caller and the route. */
    boolean idempotent() default false;

    /**
     * An idempotent route whose answer carries a secret shown only once (a webhook's signing secret): its stored
     * answer, kept for replays, is sealed by the context's {@link io.tenantry.shared.idempotency.ReplaySealer}, never
     * kept in clear.
     */
    boolean sealedReplay() default false;

    /**
     * The audit action a successful request of a tenant route records ({@code project.created}), empty for none:
     * every write route names one (docs/audit.md). {@link ApiRuntime} writes the event after the handler answered
     * below 300.
     */
    String audit() default "";

    /** A tenant route whose admitted requests count for the tenant's usage. */
    boolean metered() default true;

    /** The kinds of caller a route admits. */
    enum Access {
        /** No token needed ({@code GET /v1/health}). */
        PUBLIC,
        /** Any valid token, with or without a tenant; rate-limited per caller. */
        CALLER,
        /** A token whose tenant's stored membership has at least {@link #role()}. */
        TENANT
    }
}
