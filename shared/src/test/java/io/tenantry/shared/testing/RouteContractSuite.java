package io.tenantry.shared.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
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
 * The route contract, generated for every HTTP route of a context from its handler's {@link Route}
 * declaration (the template names the handlers): each role of a stored membership is admitted or
 * refused exactly as declared, and every caller that must not pass — no token, a malformed tenant
 * id, a token without tenant, an identity that is not a member, an invitation not yet accepted, a
 * tenant being deleted — is refused with the contract's status, each refusal paired with the rightful
 * caller's admission on the same call. A context's test is one line: {@code class RouteContractIT
 * extends RouteContractSuite} with its handler package. Adding a route adds its rows.
 *
 * <p>Admitted means the handler ran: not 401, 403 or a 5xx (a 400 for the generic body, or a 404 for
 * the generic resource id, is the handler's own answer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RouteContractSuite {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/+]+)}");
    private static final Map<String, String> ID_PREFIXES =
            Map.of("projectId", "prj", "userId", "usr", "mediaId", "med", "invoiceId", "inv", "webhookId", "whk");

    private final String handlerPackage;
    private ApplicationContext context;
    private TestTenants tenants;
    private final List<ApiHandler> handlers = new ArrayList<>();

    protected RouteContractSuite(String handlerPackage) {
        this.handlerPackage = handlerPackage;
    }

    @BeforeAll
    void start(AwsEnvironment aws) throws ReflectiveOperationException {
        List<FunctionUnderTest> functions = TemplateFunctions.inPackage(aws.template(), handlerPackage);
        Map<String, Object> properties = new HashMap<>();
        for (FunctionUnderTest function : functions) {
            properties.putAll(aws.micronautProperties(function.logicalId()));
        }
        properties.put("tenantry.rate-limit.enabled", "false");
        properties.put("tenantry.caller-rate.per-second", "0");
        properties.put("tenantry.membership.cache-millis", "0");
        context = ApplicationContext.run(properties);
        tenants = new TestTenants(context);
        for (FunctionUnderTest function : functions) {
            Class<?> type = Class.forName(function.handlerClass());
            if (ApiHandler.class.isAssignableFrom(type)) {
                handlers.add((ApiHandler)
                        type.getConstructor(ApplicationContext.class).newInstance(context));
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
    Stream<DynamicTest> everyRole_isAdmittedOrRefused_exactlyAsTheRouteDeclares() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ApiHandler handler : handlers) {
            Route route = handler.route();
            if (route.access() != Route.Access.TENANT) {
                continue;
            }
            for (Role role : Role.values()) {
                boolean allowed = role.allows(route.role());
                tests.add(DynamicTest.dynamicTest(
                        route.value() + " as " + role.wireName() + ": " + (allowed ? "admitted" : "403"), () -> {
                            ApiResult result = call(handler, tenants.create(), role);
                            if (allowed) {
                                assertAdmitted(result);
                            } else {
                                assertTrue(result.isProblem(403), result::toString);
                            }
                        }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyTenantRoute_refusesWhoMustNotPass_andAdmitsTheRightfulCallerOnTheSameCall() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ApiHandler handler : handlers) {
            Route route = handler.route();
            if (route.access() != Route.Access.TENANT) {
                continue;
            }
            Role rightful = route.role();
            tests.add(DynamicTest.dynamicTest(route.value() + ": no token 401", () -> {
                SeededTenant tenant = tenants.create();
                assertTrue(
                        ApiResult.call(handler, event(route, tenant, rightful).claims(null))
                                .isProblem(401));
                assertAdmitted(call(handler, tenant, rightful));
            }));
            tests.add(DynamicTest.dynamicTest(route.value() + ": malformed tenant_id 401", () -> {
                SeededTenant tenant = tenants.create();
                Map<String, String> claims = new HashMap<>(claimsOf(tenant, rightful));
                claims.put("tenant_id", tenant.tenantId() + "#USAGE#0");
                assertTrue(
                        ApiResult.call(handler, event(route, tenant, rightful).claims(claims))
                                .isProblem(401));
                assertAdmitted(call(handler, tenant, rightful));
            }));
            tests.add(DynamicTest.dynamicTest(route.value() + ": token without tenant 403", () -> {
                SeededTenant tenant = tenants.create();
                Map<String, String> claims = new HashMap<>(claimsOf(tenant, rightful));
                claims.remove("tenant_id");
                claims.remove("role");
                assertTrue(
                        ApiResult.call(handler, event(route, tenant, rightful).claims(claims))
                                .isProblem(403));
                assertAdmitted(call(handler, tenant, rightful));
            }));
            tests.add(DynamicTest.dynamicTest(route.value() + ": another tenant's owner naming this tenant 403", () -> {
                SeededTenant tenant = tenants.create();
                SeededTenant other = tenants.create();
                Map<String, String> claims = new HashMap<>(claimsOf(other, Role.OWNER));
                claims.put("tenant_id", tenant.tenantId());
                assertTrue(
                        ApiResult.call(handler, event(route, tenant, rightful).claims(claims))
                                .isProblem(403));
                assertAdmitted(call(handler, tenant, rightful));
            }));
            tests.add(DynamicTest.dynamicTest(route.value() + ": invitation not accepted 403", () -> {
                SeededTenant tenant = tenants.create();
                String subject = "invitee-" + tenant.tenantId();
                tenants.invite(tenant, subject, subject + "@example.test", Role.OWNER);
                Map<String, String> claims = new HashMap<>(claimsOf(tenant, Role.OWNER));
                claims.put("sub", subject);
                claims.put("email", subject + "@example.test");
                assertTrue(
                        ApiResult.call(handler, event(route, tenant, rightful).claims(claims))
                                .isProblem(403));
                assertAdmitted(call(handler, tenant, rightful));
            }));
            tests.add(DynamicTest.dynamicTest(route.value() + ": tenant being deleted 404", () -> {
                SeededTenant deleted = tenants.create();
                tenants.markDeleting(deleted);
                assertTrue(call(handler, deleted, Role.OWNER).isProblem(404));
                assertAdmitted(call(handler, tenants.create(), rightful));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyRouteOfThisContext_declaresItsContract() {
        assertFalse(handlers.isEmpty(), "no HTTP handler in " + handlerPackage);
        return handlers.stream()
                .map(handler -> DynamicTest.dynamicTest(handler.route().value(), () -> {
                    Route route = handler.route();
                    assertTrue(route.value().matches("(GET|POST|PATCH|PUT|DELETE) /v1/\\S*"), route.value());
                    assertFalse(
                            route.idempotent() && !route.value().startsWith("POST "),
                            "only POST routes take Idempotency-Key");
                    if (route.access() == Route.Access.PUBLIC) {
                        assertEquals(
                                2,
                                ApiResult.call(handler, ApiEvent.of(method(route), path(route)))
                                                .status()
                                        / 100);
                    }
                    if (route.access() == Route.Access.CALLER) {
                        Map<String, String> claims = new HashMap<>(claimsOf(tenants.create(), Role.VIEWER));
                        claims.remove("tenant_id");
                        claims.remove("role");
                        ApiEvent event = ApiEvent.of(method(route), path(route))
                                .route(route.value())
                                .claims(claims);
                        if (!method(route).equals("GET")) {
                            event.json("{\"name\": \"Contract\"}");
                        }
                        assertAdmitted(ApiResult.call(handler, event));
                        assertTrue(ApiResult.call(handler, ApiEvent.of(method(route), path(route)))
                                .isProblem(401));
                    }
                }));
    }

    private ApiResult call(ApiHandler handler, SeededTenant tenant, Role role) {
        return ApiResult.call(handler, event(handler.route(), tenant, role));
    }

    private static ApiEvent event(Route route, SeededTenant tenant, Role role) {
        Map<String, String> parameters = new HashMap<>();
        ApiEvent event = tenant.as(role, method(route), path(route, parameters)).route(route.value());
        parameters.forEach(event::pathParameter);
        if (method(route).equals("POST") || method(route).equals("PATCH")) {
            event.json("{}");
        }
        return event;
    }

    private static Map<String, String> claimsOf(SeededTenant tenant, Role role) {
        return tenant.as(role, "GET", "/").claimsView();
    }

    private static void assertAdmitted(ApiResult result) {
        assertTrue(
                result.status() != 401 && result.status() != 403 && result.status() < 500,
                () -> "expected the handler to run, got " + result);
    }

    private static String method(Route route) {
        return route.value().split(" ", 2)[0];
    }

    private static String path(Route route) {
        return path(route, new HashMap<>());
    }

    /** The route's path with each parameter a well-formed id no item has ({@code projectId} → {@code prj_…}). */
    private static String path(Route route, Map<String, String> parameters) {
        Matcher m = PATH_PARAMETER.matcher(route.value().split(" ", 2)[1]);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String id = ID_PREFIXES.getOrDefault(name, name.substring(0, Math.min(3, name.length())))
                    + "_01JD3Q5R7C00000000000000ZZ";
            parameters.put(name, id);
            m.appendReplacement(path, id);
        }
        m.appendTail(path);
        return path.toString();
    }
}
