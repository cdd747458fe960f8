package io.tenantry.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.aws.TenantCredentials;
import io.tenantry.shared.json.EventHandler;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import org.crac.Core;
import org.crac.Resource;

/**
 * The base of every HTTP API handler. A subclass implements {@link #handle} in a few lines (parse
 * and validate, take the tenant and role, call one service, map the result); this class owns the
 * rest through {@link ApiRuntime}. Lambda builds handlers with the no-argument constructor, which
 * starts a Micronaut context; tests and the local backend pass one shared context instead.
 *
 * <p>Lambda calls the stream entry, which reads the event's JSON itself ({@link EventHandler}); the test kit's {@code
 * ApiResult} calls it too.
 *
 * <p>Before a SnapStart snapshot, {@link #beforeCheckpoint} primes the handler path, from the event's bytes.
 */
public abstract class ApiHandler extends EventHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>
        implements Resource {

    private final InstanceStart start = new InstanceStart();
    private Route route;
    private ApiRuntime runtime;
    private PrimingGuard guard;

    protected ApiHandler() {
        super();
        Core.getGlobalContext().register(this);
    }

    protected ApiHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public final APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        // A priming run's request is not the instance's first: the first real one counts the cold start.
        return runtime().handle(event, route(), this::handle, guard().active() ? null : start);
    }

    /** The route this handler serves, as its {@link Route} annotation declares it. */
    public final Route route() {
        if (route == null) {
            route = declaredRoute(getClass());
        }
        return route;
    }

    /**
     * Every handler declares its route; one that does not fails its first call (and the route
     * contract test of its context, which reads every handler the template names).
     */
    private static Route declaredRoute(Class<?> handler) {
        Route declared = handler.getAnnotation(Route.class);
        if (declared == null) {
            throw new IllegalStateException(handler.getName() + " must declare its contract with @Route.");
        }
        return declared;
    }

    private PrimingGuard guard() {
        if (guard == null) {
            guard = applicationContext.getBean(PrimingGuard.class);
        }
        return guard;
    }

    /** Taken from the context rather than injected, so a handler with no beans of its own works too. */
    private ApiRuntime runtime() {
        if (runtime == null) {
            runtime = applicationContext.getBean(ApiRuntime.class);
        }
        return runtime;
    }

    /** Answers one request. Throw a {@code ProblemException} subclass for anything the caller must fix. */
    protected abstract ApiResponse handle(ApiRequest request);

    /**
     * A representative request body of this route, for priming: one the handler accepts, so that priming reaches the
     * service and the repository ({@link Priming}). Null (the default) for a route that takes no body.
     */
    protected String primingBody() {
        return null;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Through the entry Lambda calls, but not counted: priming is no request and no cold start.
        applicationContext
                .getBean(Priming.class)
                .primeHttp(
                        route().value(),
                        primingBody(),
                        this::primeThroughEntry,
                        event -> runtime().prime(event, route(), this::handle));
        // The priming tenant's credentials, vended by the primed path: no credentials go into the snapshot.
        applicationContext.getBean(TenantCredentials.class).forget();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Connections are re-established on first use. No tenant's credentials are kept in a snapshot
        // (priming forgets the priming tenant's), and any kept are dropped here all the same.
        applicationContext.getBean(TenantCredentials.class).forget();
    }
}
