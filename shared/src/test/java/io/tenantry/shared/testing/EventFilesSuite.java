package io.tenantry.shared.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.Route;
import io.tenantry.shared.queue.QueueHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every function of a context in template.yaml has a sample event in {@code events/} (a function
 * without one fails the suite), and its handler answers it as the event implies: an HTTP route with
 * the status its {@link Route} implies ({@link #statusImplied}), a queue worker without a batch item
 * failure, any other handler as the context's {@link #answers} checks it. Workers run first (their
 * events prepare what the routes then read), deletes last (the events share their resources).
 * Adding a function adds its row.
 *
 * <p>A context's test supplies only what is its own: the data the events name ({@link #seed}), the
 * statuses its route declarations cannot tell ({@link #statusOverrides}, e.g. 202 for an accepted
 * request), and checks beyond the status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EventFilesSuite {
    private final String handlerPackage;
    private AwsEnvironment aws;
    private ApplicationContext context;
    private TestTenants tenants;
    private List<FunctionUnderTest> functions;

    protected EventFilesSuite(String handlerPackage) {
        this.handlerPackage = handlerPackage;
    }

    /** Writes what the events name (their tenant and member, the items their paths name); runs before any event. */
    protected void seed() {}

    /** The statuses, by logical id, that differ from what the route's method implies: an accepted request's 202. */
    protected Map<String, Integer> statusOverrides() {
        return Map.of();
    }

    /** Checks beyond the status of a route's answer (the item's state after the worker ran, say). */
    protected void alsoCheck(FunctionUnderTest function, ApiResult result) {}

    /** Answers the event of a function that is neither an HTTP route nor a queue worker, and checks the answer. */
    protected void answers(FunctionUnderTest function, Object handler) throws Exception {
        throw new AssertionError(function + ": " + handler.getClass().getName()
                + " is neither a route nor a queue worker; the context's test must say how it answers");
    }

    /** 201 for a POST, 204 for a DELETE, 200 otherwise; an accepted request is a {@link #statusOverrides}. */
    protected static int statusImplied(Route route) {
        return switch (route.value().split(" ", 2)[0]) {
            case "POST" -> 201;
            case "DELETE" -> 204;
            default -> 200;
        };
    }

    protected final ApplicationContext context() {
        return context;
    }

    protected final AwsEnvironment aws() {
        return aws;
    }

    protected final TestTenants tenants() {
        return tenants;
    }

    @BeforeAll
    void start(AwsEnvironment aws) {
        this.aws = aws;
        functions = TemplateFunctions.inPackage(aws.template(), handlerPackage);
        context = TemplateContext.start(aws, functions);
        tenants = new TestTenants(context);
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFunction_answersItsSampleEvent_asTheEventImplies() {
        Set<String> ids = functions.stream().map(FunctionUnderTest::logicalId).collect(Collectors.toSet());
        assertTrue(
                ids.containsAll(statusOverrides().keySet()),
                () -> "overrides for functions the template does not have: "
                        + statusOverrides().keySet());
        List<Object> handlers = new ArrayList<>();
        for (FunctionUnderTest function : functions) {
            handlers.add(TemplateContext.handler(function, context));
        }
        seed();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> rank(handlers.get(i))));
        return order.stream().map(i -> {
            FunctionUnderTest function = functions.get(i);
            Object handler = handlers.get(i);
            return DynamicTest.dynamicTest(function.logicalId(), () -> answer(function, handler));
        });
    }

    private void answer(FunctionUnderTest function, Object handler) throws Exception {
        if (handler instanceof QueueHandler worker) {
            SQSBatchResponse response = worker.handleRequest(Events.load(function.eventFile(), SQSEvent.class), null);
            assertEquals(List.of(), response.getBatchItemFailures(), function.toString());
        } else if (handler instanceof ApiHandler api) {
            ApiResult result = ApiResult.call(api, Events.load(function.eventFile(), APIGatewayV2HTTPEvent.class));
            int expected = statusOverrides().getOrDefault(function.logicalId(), statusImplied(api.route()));
            assertEquals(expected, result.status(), function + ": " + result);
            alsoCheck(function, result);
        } else {
            answers(function, handler);
        }
    }

    /** Workers first, then the routes and the rest, DELETE routes last. */
    private static int rank(Object handler) {
        if (handler instanceof QueueHandler) {
            return 0;
        }
        if (handler instanceof ApiHandler api && api.route().value().startsWith("DELETE ")) {
            return 2;
        }
        return 1;
    }
}
