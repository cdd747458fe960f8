package io.tenantry.shared.testing;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.HostileRequests;
import io.tenantry.local.testkit.TemplateFunctions;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.Route;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Generated bodies, query strings and headers ({@link HostileRequests}, jqwik) thrown at every HTTP
 * route of a context, found through the template and sent as its handler's {@link Route} declares:
 * its method and path, by a stored member with the route's own role (a token without tenant for a
 * caller route), naming resources that exist. Whatever comes in, the answer is below 500, and a
 * refusal is problem+json. Adding a route adds its rows.
 *
 * <p>A context's test supplies only the ids its paths name: {@link #pathParameters} seeds them in the
 * tenant it is given, one tenant per route, so that a delete never empties another route's resource.
 * A route without path parameters gets a new tenant per sample, so that what the samples create
 * never runs into a plan's limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HostileRequestsSuite {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/+]+)}");

    private final String handlerPackage;
    private ApplicationContext context;
    private TestTenants tenants;
    private final List<ApiHandler> handlers = new ArrayList<>();

    protected HostileRequestsSuite(String handlerPackage) {
        this.handlerPackage = handlerPackage;
    }

    /** How many generated requests each route gets. */
    protected int samplesPerRoute() {
        return 100;
    }

    /**
     * The ids of resources that exist in {@code tenant}, by the path parameter names of the context's
     * routes ({@code projectId} → an existing project's id). Only routes with path parameters ask.
     */
    protected abstract Map<String, String> pathParameters(SeededTenant tenant);

    /** The context the handlers run in, for seeding through its beans. */
    protected final ApplicationContext context() {
        return context;
    }

    protected final TestTenants tenants() {
        return tenants;
    }

    @BeforeAll
    void start(AwsEnvironment aws) {
        List<FunctionUnderTest> functions = TemplateFunctions.inPackage(aws.template(), handlerPackage);
        context = TemplateContext.start(aws, functions);
        tenants = new TestTenants(context);
        for (FunctionUnderTest function : functions) {
            if (TemplateContext.handler(function, context) instanceof ApiHandler api) {
                handlers.add(api);
            }
        }
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRoute_answersEveryGeneratedRequest_below500_withProblemJsonWhenRefusing() {
        if (handlers.isEmpty()) {
            throw new AssertionError("no HTTP handler in " + handlerPackage);
        }
        return handlers.stream()
                .map(handler -> DynamicTest.dynamicTest(handler.route().value(), () -> {
                    Route route = handler.route();
                    boolean namesResources =
                            PATH_PARAMETER.matcher(route.value()).find();
                    SeededTenant seeded = tenants.create();
                    Map<String, String> parameters = namesResources ? pathParameters(seeded) : Map.of();
                    // One tenant for a route's samples (a sign-up per sample made the suite quadratic on
                    // emulators that copy the table per transaction, as moto does); a new one after a
                    // sample that deleted it, so the next sample meets a live tenant again.
                    SeededTenant[] current = {seeded};
                    // A delete of the caller's own tenant succeeds whatever junk comes with it: each landed sample
                    // is followed by a new tenant.
                    boolean consumesTheTenant = !namesResources && route.value().startsWith("DELETE ");
                    HostileRequests.requests()
                            .sampleStream()
                            .limit(samplesPerRoute())
                            .forEach(hostile -> {
                                ApiEvent event = hostile.applyTo(event(route, current[0], parameters));
                                ApiResult result = HostileRequests.answer(() -> ApiResult.call(handler, event));
                                HostileRequests.assertAnswered(route.value(), hostile, result);
                                // A 404 here is a delete whose first answer was an outage but which landed.
                                if (consumesTheTenant && (result.status() < 300 || result.status() == 404)) {
                                    current[0] = tenants.create();
                                }
                            });
                }));
    }

    private static ApiEvent event(Route route, SeededTenant tenant, Map<String, String> ids) {
        String[] methodAndPath = route.value().split(" ", 2);
        Matcher m = PATH_PARAMETER.matcher(methodAndPath[1]);
        StringBuilder path = new StringBuilder();
        Map<String, String> parameters = new HashMap<>();
        while (m.find()) {
            String id = ids.get(m.group(1));
            if (id == null) {
                throw new AssertionError(route.value() + ": pathParameters gave no " + m.group(1));
            }
            parameters.put(m.group(1), id);
            m.appendReplacement(path, Matcher.quoteReplacement(id));
        }
        m.appendTail(path);
        String method = methodAndPath[0];
        ApiEvent event = switch (route.access()) {
            case PUBLIC -> ApiEvent.of(method, path.toString());
            case CALLER -> {
                ApiEvent withTenant = tenant.as(Role.OWNER, method, path.toString());
                Map<String, String> claims = new HashMap<>(withTenant.claimsView());
                claims.remove("tenant_id");
                claims.remove("role");
                yield withTenant.claims(claims);
            }
            case TENANT -> tenant.as(route.role(), method, path.toString());
        };
        parameters.forEach(event::pathParameter);
        return event.route(route.value());
    }
}
