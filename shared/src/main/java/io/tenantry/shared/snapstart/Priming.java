package io.tenantry.shared.snapstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.metrics.MetricsEmitter;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Warms a function before its SnapStart snapshot by running its real request path with requests that can reach no
 * tenant's data and change nothing (docs/architecture.md, "Priming before the snapshot"):
 *
 * <ol>
 *   <li>a request without a token (the 401 path: parsing, problem mapping, JSON writing, logging);
 *   <li>the route's request from the priming caller, a member of the priming tenant {@link #TENANT_ID}, through the
 *       real admission: its identity and the tenant's records are read, none exist, and the answer is a 404;
 *   <li>the same request admitted as the priming tenant's owner (only ever that tenant, and only inside {@link
 *       PrimingGuard#run}): the rate limiter, the tenant's credentials, the handler, its service and repository. Reads
 *       go out and find nothing, since no sign-up can mint the priming tenant (its ULID's timestamp is 0); writes are
 *       marshalled and signed, then stopped before they are sent ({@link PrimingGuard}).
 * </ol>
 *
 * <p>Steps 2 and 3 run {@code tenantry.priming.rounds} times (default 20), so the JIT compiles the shared path before
 * the snapshot; then the metrics emitter's serialiser and a read of a key no item has. The handlers' callers pass each
 * event through its JSON, as their stream entries read it: the Lambda runtime reads none of it. Nothing is metered,
 * counted in the metrics or left behind, and a failure is logged and counted, never thrown: a function that cannot
 * prime still starts.
 */
@Singleton
public final class Priming {
    /** The priming tenant: well formed, but no sign-up can mint it (its ULID's timestamp is 0, 1970). */
    public static final String TENANT_ID = "ten_00000000000000000000PR1MNG";
    /** The priming caller's user id in the priming tenant. */
    public static final String USER_ID = "usr_00000000000000000000PR1MNG";
    /** The priming caller's issuer: a name under {@code .invalid}, which no identity provider can have. */
    public static final String ISSUER = "https://priming.tenantry.invalid";

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final String PRIMING_KEY = "PRIMING";
    private static final String SENTINEL_ULID = "00000000000000000000PR1MNG";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Map<String, String> ID_PREFIXES = Map.of(
            "tenantId", "ten_",
            "userId", "usr_",
            "projectId", "prj_",
            "mediaId", "med_",
            "invoiceId", "inv_",
            "webhookId", "whk_");

    private final BeanProvider<DynamoDbClient> dynamoDb;
    private final TableSettings table;
    private final MetricsEmitter metrics;
    private final PrimingGuard guard;
    private final int rounds;
    private int failures;

    public Priming(
            BeanProvider<DynamoDbClient> dynamoDb,
            TableSettings table,
            MetricsEmitter metrics,
            PrimingGuard guard,
            @Value("${tenantry.priming.rounds:20}") int rounds) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.metrics = metrics;
        this.guard = guard;
        this.rounds = Math.max(0, rounds);
    }

    /** An id of the priming tenant's shape with {@code prefix} ({@code inv_}, {@code prj_}…): no item can have it. */
    public static String id(String prefix) {
        return prefix + SENTINEL_ULID;
    }

    /** Warms the metrics emitter alone (workers and scheduled functions, which have no HTTP path). */
    public void primeMetrics() {
        metrics.prime();
    }

    /**
     * Primes an HTTP route's path.
     *
     * @param routeKey the route, as {@code GET /v1/projects/{projectId}}
     * @param body a representative request body of the route, or null
     * @param asCalled answers an event through the real path, admission included, from the event's JSON to the
     *     answer's
     * @param asAdmitted answers an event of the priming caller as an admitted owner of the priming tenant
     */
    public void primeHttp(
            String routeKey,
            String body,
            Consumer<APIGatewayV2HTTPEvent> asCalled,
            Consumer<APIGatewayV2HTTPEvent> asAdmitted) {
        long started = System.nanoTime();
        int stopsBefore = guard.stops();
        int failuresBefore = failures;
        attempt(
                "the request without a token",
                () -> guard.run(() -> {
                    asCalled.accept(event(routeKey, body, null));
                    return null;
                }));
        APIGatewayV2HTTPEvent member = event(routeKey, body, claims());
        for (int round = 0; round < rounds; round++) {
            attempt(
                    "the priming caller's request",
                    () -> guard.run(() -> {
                        asCalled.accept(member);
                        return null;
                    }));
            attempt(
                    "the admitted request",
                    () -> guard.run(() -> {
                        asAdmitted.accept(member);
                        return null;
                    }));
        }
        metrics.prime();
        primeDynamoDb();
        Ids.forgetGenerator();
        LOG.info(
                "Primed {} in {} ms: {} rounds, {} writes stopped before they were sent, {} steps failed",
                routeKey,
                (System.nanoTime() - started) / 1_000_000,
                rounds,
                guard.stops() - stopsBefore,
                failures - failuresBefore);
    }

    /**
     * Primes a worker: {@code handle} runs its representative message through the real message path (from the
     * batch's JSON to the answer's), {@code tenantry.priming.rounds} times, inside a priming run.
     */
    public void primeMessages(Runnable handle) {
        primeEvents("the worker", handle);
    }

    /**
     * Primes a function that is neither a route nor a worker (a trigger, a direct invocation): {@code handle} runs its
     * representative event, one of the priming tenant or the priming identity, through the real path from the event's
     * JSON to the answer's, {@code tenantry.priming.rounds} times, inside a priming run (its writes stopped before they
     * are sent: {@code handle} expects them to stop it).
     */
    public void primeEvents(String function, Runnable handle) {
        long started = System.nanoTime();
        int stopsBefore = guard.stops();
        int failuresBefore = failures;
        for (int round = 0; round < rounds; round++) {
            attempt(
                    "the event",
                    () -> guard.run(() -> {
                        handle.run();
                        return null;
                    }));
        }
        Ids.forgetGenerator();
        LOG.info(
                "Primed {} in {} ms: {} rounds, {} writes stopped before they were sent, {} steps failed",
                function,
                (System.nanoTime() - started) / 1_000_000,
                rounds,
                guard.stops() - stopsBefore,
                failures - failuresBefore);
    }

    /** How many priming steps failed in this instance (each is logged): priming never stops a function starting. */
    public int failures() {
        return failures;
    }

    private void attempt(String step, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            failures++;
            LOG.warn("Priming {} failed; the function starts all the same: {}", step, e.toString());
        }
    }

    /** The priming caller's claims, as API Gateway's JWT authorizer passes them. */
    static Map<String, String> claims() {
        return Map.of(
                "iss", ISSUER,
                "sub", "priming",
                "tenant_id", TENANT_ID,
                "role", "owner",
                "email", "priming@tenantry.invalid");
    }

    /**
     * The route's request, its path parameters filled with ids of the priming tenant's shape, with {@code body} (or
     * none) and {@code claims} (or none).
     */
    static APIGatewayV2HTTPEvent event(String routeKey, String body, Map<String, String> claims) {
        int space = routeKey.indexOf(' ');
        String method = space > 0 ? routeKey.substring(0, space) : "GET";
        String template = space > 0 ? routeKey.substring(space + 1) : routeKey;
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PATH_PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = ID_PREFIXES.getOrDefault(name, "priming_") + SENTINEL_ULID;
            parameters.put(name, value);
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(routeKey)
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(path.toString())
                        .build());
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                            .builder()
                            .withClaims(claims)
                            .build())
                    .build());
        }
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey(routeKey)
                .withRawPath(path.toString())
                .withPathParameters(parameters.isEmpty() ? null : parameters)
                .withHeaders(Map.of(
                        "x-request-id", "priming", "content-type", "application/json", "accept-encoding", "gzip"))
                .withRequestContext(context.build())
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    private void primeDynamoDb() {
        if (table.name().isBlank()) {
            return;
        }
        try {
            dynamoDb.get()
                    .getItem(b -> b.tableName(table.name())
                            .key(Map.of(
                                    "PK", AttributeValue.fromS(PRIMING_KEY),
                                    "SK", AttributeValue.fromS(PRIMING_KEY))));
        } catch (RuntimeException e) {
            LOG.debug("Priming read failed (expected without access): {}", e.toString());
        }
    }
}
