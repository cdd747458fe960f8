package io.tenantry.shared.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.example.handler.CreateNoteHandler;
import io.tenantry.shared.example.handler.GetNoteHandler;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.ApiRuntime;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.json.EventJson;
import io.tenantry.shared.json.InvocationContext;
import io.tenantry.shared.metrics.MetricsEmitter;
import io.tenantry.shared.testing.AfterExecutionEvents;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Priming runs the real request path and changes nothing: no item is left in the table, a write made while priming
 * is stopped before it is sent (the same write outside priming lands), only the priming tenant is admitted unread,
 * and only while priming; once primed, the handlers answer real requests as before.
 */
@EmulatedAws
class PrimingIT {
    static ApplicationContext context;
    static TestTenants tenants;
    static DynamoDbClient dynamoDb;
    static String table;
    static PrimingGuard guard;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        context = ApplicationContext.run(aws.micronautProperties("CreateProjectFunction"));
        tenants = new TestTenants(context);
        dynamoDb = context.getBean(DynamoDbClient.class);
        table = context.getBean(TableSettings.class).name();
        guard = context.getBean(PrimingGuard.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static List<Map<String, AttributeValue>> allItems() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(ScanRequest.builder()
                        .tableName(table)
                        .consistentRead(true)
                        .build())
                .forEach(page -> items.addAll(page.items()));
        return items;
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("GUARD"));
    }

    static boolean exists(String pk) {
        return dynamoDb.getItem(b -> b.tableName(table).key(key(pk)).consistentRead(true))
                .hasItem();
    }

    @Test
    void aWriteWhilePriming_isStoppedBeforeItIsSent_theSameWriteOutsideLands() {
        Map<String, AttributeValue> primed = new HashMap<>(key("TEST#primed"));
        Map<String, AttributeValue> plain = new HashMap<>(key("TEST#plain"));

        RuntimeException stopped = assertThrows(
                RuntimeException.class,
                () -> guard.run(() -> dynamoDb.putItem(b -> b.tableName(table).item(primed))));
        dynamoDb.putItem(b -> b.tableName(table).item(plain));

        assertTrue(PrimingGuard.stopped(stopped), stopped::toString);
        assertTrue(stopped.getMessage().contains("PutItem"), stopped::getMessage);
        assertFalse(exists("TEST#primed"), "the primed write never reached the table");
        assertTrue(exists("TEST#plain"), "the same write outside priming did");
        assertFalse(guard.active(), "the run is over");
        assertTrue(
                guard.run(() -> dynamoDb.getItem(b -> b.tableName(table).key(key("TEST#plain"))))
                        .hasItem(),
                "a read goes out while priming");
    }

    @Test
    void primingAWriteRoute_leavesNoItemAndNoGenerator_thenTheRouteCreatesForARealTenant() {
        CreateNoteHandler create = new CreateNoteHandler(context);
        GetNoteHandler get = new GetNoteHandler(context);
        SeededTenant tenant = tenants.create();
        List<Map<String, AttributeValue>> before = allItems();
        int failuresBefore = context.getBean(Priming.class).failures();
        int stopsBefore = guard.stops();

        get.beforeCheckpoint(null);
        int stopsOfTheRead = guard.stops() - stopsBefore;
        create.beforeCheckpoint(null);
        int stopsOfTheWrite = guard.stops() - stopsBefore - stopsOfTheRead;

        List<Map<String, AttributeValue>> after = allItems();
        assertEquals(
                before.size(),
                after.size(),
                () -> "priming left an item: "
                        + after.stream().filter(item -> !before.contains(item)).toList());
        assertFalse(Ids.hasGenerator(), "no id generator is left for the snapshot");
        assertEquals(failuresBefore, context.getBean(Priming.class).failures(), "every step ran");
        assertTrue(stopsOfTheWrite >= 20, "the create route reached its write in every round: " + stopsOfTheWrite);
        assertTrue(stopsOfTheRead < stopsOfTheWrite, "the read route writes less: " + stopsOfTheRead);
        ApiResult created = ApiResult.call(
                create,
                tenant.as(Role.MEMBER, "POST", "/v1/notes")
                        .route("POST /v1/notes")
                        .json("{\"text\": \"Buy milk\"}"));
        assertEquals(201, created.status(), created::toString);
        String noteId = created.json().path("id").asText();
        ApiResult read = ApiResult.call(
                get,
                tenant.as(Role.VIEWER, "GET", "/v1/notes/" + noteId)
                        .route("GET /v1/notes/{noteId}")
                        .pathParameter("noteId", noteId));
        assertEquals(200, read.status(), read::toString);
    }

    @Test
    void primingARoute_goesThroughTheEntryLambdaCalls_andLeavesNoLoggingContext_aRealInvocationAfterIsItsOwn()
            throws IOException {
        GetNoteHandler get = new GetNoteHandler(context);
        AfterExecutionEvents invocations = context.getBean(AfterExecutionEvents.class);
        invocations.clear();

        get.beforeCheckpoint(null);

        List<String> primed = invocations.requestIds();
        // The request without a token, then the priming caller's in each of the 20 rounds.
        assertEquals(21, primed.size(), primed::toString);
        assertEquals(Set.of("priming"), Set.copyOf(primed), "Micronaut's invocation saw the priming Context");
        Map<String, String> left = MDC.getCopyOfContextMap();
        assertTrue(left == null || left.isEmpty(), () -> "the priming invocation's logging context was kept: " + left);

        SeededTenant tenant = tenants.create();
        invocations.clear();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        get.handleRequest(
                new ByteArrayInputStream(context.getBean(EventJson.class)
                        .write(tenant.as(Role.VIEWER, "GET", "/v1/notes/note_missing")
                                .route("GET /v1/notes/{noteId}")
                                .pathParameter("noteId", "note_missing")
                                .build())),
                answer,
                InvocationContext.of("real-1", "GetNoteFunction"));
        assertEquals(List.of("real-1"), invocations.requestIds(), "the real invocation is its own");
        assertTrue(
                answer.toString(StandardCharsets.UTF_8).contains("\"statusCode\":404"),
                () -> "the real request was answered: " + answer);
    }

    @Test
    void onlyThePrimingTenant_isAdmittedUnread_andOnlyWhilePriming() {
        GetNoteHandler get = new GetNoteHandler(context);
        ApiRuntime runtime = context.getBean(ApiRuntime.class);
        SeededTenant real = tenants.create();
        var primingEvent = Priming.event(get.route().value(), null, Priming.claims());
        var realEvent = Priming.event(
                get.route().value(),
                null,
                Map.of("iss", Priming.ISSUER, "sub", "priming", "tenant_id", real.tenantId(), "role", "owner"));

        assertThrows(
                IllegalStateException.class,
                () -> guard.run(() -> runtime.prime(realEvent, get.route(), request -> ApiResponse.noContent())),
                "a real tenant is never admitted unread");
        assertThrows(
                IllegalStateException.class,
                () -> runtime.prime(primingEvent, get.route(), request -> ApiResponse.noContent()),
                "nor the priming tenant outside a priming run");
        List<String> served = new ArrayList<>();
        var primed = guard.run(() -> runtime.prime(primingEvent, get.route(), request -> {
            served.add(request.tenant().tenantId());
            return ApiResponse.noContent();
        }));
        assertEquals(204, primed.getStatusCode(), "the priming tenant is admitted, inside a run");
        assertEquals(List.of(Priming.TENANT_ID), served);
    }

    @Test
    void thePrimingCallerThroughTheRealAdmission_findsNoTenant() {
        GetNoteHandler get = new GetNoteHandler(context);
        ApiRuntime runtime = context.getBean(ApiRuntime.class);
        var event = Priming.event(get.route().value(), null, Priming.claims());
        List<String> served = new ArrayList<>();

        var answer = guard.run(() -> runtime.handle(
                event,
                get.route(),
                request -> {
                    served.add(request.tenant().tenantId());
                    return ApiResponse.noContent();
                },
                null));

        assertEquals(404, answer.getStatusCode(), answer::getBody);
        assertEquals(List.of(), served, "the handler is never reached through the real admission");
        assertEquals(Map.of("noteId", "priming_00000000000000000000PR1MNG"), event.getPathParameters());
    }

    @Test
    void aFailingStep_isCountedAndLogged_andPrimingGoesOn() {
        Priming priming = new Priming(
                context.getProvider(DynamoDbClient.class),
                context.getBean(TableSettings.class),
                context.getBean(MetricsEmitter.class),
                guard,
                2);
        List<String> admitted = new ArrayList<>();

        priming.primeHttp(
                "GET /v1/notes/{noteId}",
                null,
                event -> {
                    throw new IllegalStateException("broken");
                },
                event -> admitted.add(event.getRawPath()));

        assertEquals(3, priming.failures(), "the request without a token and two rounds of the caller's");
        String path = "/v1/notes/priming_00000000000000000000PR1MNG";
        assertEquals(List.of(path, path), admitted);
    }
}
