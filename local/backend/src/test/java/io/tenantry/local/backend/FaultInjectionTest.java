package io.tenantry.local.backend;

import static io.tenantry.local.backend.GatewayTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.emulators.AwsClients;
import io.tenantry.local.testkit.ProjectRoot;
import io.tenantry.shared.data.Keys;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code /local/faults} on a backend of its own (the faults would reach other tests' functions): the functions' AWS
 * calls fail as asked, the API answers 503 with {@code Retry-After} and never 500, writes the client was told of
 * exist once, and calls through {@code /local/endpoints} are never faulted. Each refusal has its twin: the same call
 * succeeding once the faults are cleared.
 */
class FaultInjectionTest {
    private static TestBackends.Running backend;
    private static String api;
    private static String faults;

    @BeforeAll
    static void start() {
        backend =
                TestBackends.start(TestBackends.options(ProjectRoot.template()).build());
        api = backend.api();
        faults = api + "/local/faults";
    }

    @AfterAll
    static void stop() {
        backend.backend().close();
    }

    @AfterEach
    void clear() {
        assertEquals(204, Http.send("DELETE", faults, Map.of(), new byte[0]).status());
    }

    @Test
    void faults_areAddedListedAndCleared() {
        Http.Answer added = Http.post(
                faults,
                "{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"error\":\"server\",\"count\":2}",
                Map.of());
        assertEquals(201, added.status(), added::toString);
        String id = added.json().path("id").asText();
        assertEquals("sqs", added.json().path("service").asText());
        assertEquals(0, added.json().path("injected").asInt());
        Http.post(faults, "{\"service\":\"s3\",\"error\":\"throttling\",\"rate\":0.5}", Map.of());

        JsonNode listed = Http.get(faults).json().path("faults");
        assertEquals(2, listed.size());
        assertEquals(id, listed.get(0).path("id").asText());
        assertEquals(2, listed.get(0).path("count").asInt());
        assertEquals(0.5, listed.get(1).path("rate").asDouble());

        assertEquals(
                204,
                Http.send("DELETE", faults + "/" + id, Map.of(), new byte[0]).status());
        assertEquals(1, Http.get(faults).json().path("faults").size());
        assertProblem(Http.send("DELETE", faults + "/" + id, Map.of(), new byte[0]), 404);
        assertEquals(204, Http.send("DELETE", faults, Map.of(), new byte[0]).status());
        assertEquals(0, Http.get(faults).json().path("faults").size());
    }

    @Test
    void badFaults_areRefusedWithTheFieldNamed_andAddNothing() {
        Map<String, String> bad = Map.of(
                "{\"error\":\"server\"}", "service",
                "{\"service\":\"lambda\",\"error\":\"server\"}", "service",
                "{\"service\":\"s3\"}", "error",
                "{\"service\":\"s3\",\"error\":\"slow\"}", "error",
                "{\"service\":\"s3\",\"error\":\"server\",\"rate\":1.5}", "rate",
                "{\"service\":\"s3\",\"error\":\"server\",\"count\":0}", "count",
                "{\"service\":\"s3\",\"error\":\"server\",\"when\":\"now\"}", "when");
        bad.forEach((body, field) -> {
            Http.Answer refused = Http.post(faults, body, Map.of());
            assertProblem(refused, 400);
            assertEquals(
                    field, refused.json().path("errors").get(0).path("field").asText(), refused::toString);
        });
        assertProblem(Http.post(faults, "not json", Map.of()), 400);
        assertEquals(0, Http.get(faults).json().path("faults").size());

        assertEquals(
                201,
                Http.post(faults, "{\"service\":\"s3\",\"error\":\"server\"}", Map.of())
                        .status());
    }

    @Test
    void dynamoDbThrottlingThroughTheRetries_answers503WithRetryAfter_andClearedTheSameCallSucceeds() {
        String email = "faults-" + UUID.randomUUID() + "@example.test";
        Map<String, String> auth = Http.bearer(Http.token(backend, email, null));
        Http.post(faults, "{\"service\":\"dynamodb\",\"error\":\"throttling\"}", Map.of());

        Http.Answer refused = Http.post(api + "/v1/tenants", "{\"name\":\"Throttled\"}", auth);
        assertProblem(refused, 503);
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1, refused::toString);
        assertTrue(
                Http.get(faults).json().path("faults").get(0).path("injected").asLong() >= 3);

        Http.send("DELETE", faults, Map.of(), new byte[0]);
        Http.Answer created = Http.post(api + "/v1/tenants", "{\"name\":\"Throttled\"}", auth);
        assertEquals(201, created.status(), created::toString);
    }

    /** The README's walk-through: throttled GetItem calls make GET /v1/me answer 503; cleared, it answers 200. */
    @Test
    void throttledGetItem_makesMeAnswer503_andClearedIt200() {
        Map<String, String> auth =
                Http.bearer(Http.token(backend, "faults-" + UUID.randomUUID() + "@example.test", null));
        Http.post(faults, "{\"service\":\"dynamodb\",\"operation\":\"GetItem\",\"error\":\"throttling\"}", Map.of());

        Http.Answer refused = Http.get(api + "/v1/me", auth);
        assertProblem(refused, 503);
        assertEquals("2", refused.header("Retry-After"));

        Http.send("DELETE", faults, Map.of(), new byte[0]);
        Http.Answer me = Http.get(api + "/v1/me", auth);
        assertEquals(200, me.status(), me::toString);
    }

    @Test
    void aLostAnswerToAProjectsCreate_stillCreatesExactlyOneProject() {
        String email = "faults-" + UUID.randomUUID() + "@example.test";
        Http.Answer tenant = Http.post(
                api + "/v1/tenants", "{\"name\":\"Lost answers\"}", Http.bearer(Http.token(backend, email, null)));
        assertEquals(201, tenant.status(), tenant::toString);
        Map<String, String> auth =
                Http.bearer(Http.token(backend, email, tenant.json().path("id").asText()));
        Http.post(
                faults,
                "{\"service\":\"dynamodb\",\"operation\":\"TransactWriteItems\",\"error\":\"timeout\",\"count\":1}",
                Map.of());

        Map<String, String> withKey = new java.util.HashMap<>(auth);
        withKey.put("Idempotency-Key", "lost-" + UUID.randomUUID());
        Http.Answer created = Http.post(api + "/v1/projects", "{\"name\":\"Once\"}", withKey);
        assertEquals(201, created.status(), created::toString);
        assertEquals(
                1,
                Http.get(faults).json().path("faults").get(0).path("injected").asInt());

        JsonNode projects = Http.get(api + "/v1/projects", auth).json().path("items");
        assertEquals(1, projects.size(), projects::toString);
        assertEquals(
                created.json().path("id").asText(), projects.get(0).path("id").asText());
        Http.Answer replayed = Http.post(api + "/v1/projects", "{\"name\":\"Once\"}", withKey);
        assertEquals(
                created.json().path("id").asText(), replayed.json().path("id").asText());
        assertEquals(
                1, Http.get(api + "/v1/projects", auth).json().path("items").size());
    }

    /**
     * Every answer of the SDK's three attempts at the create's transaction is lost (the first lands, the others meet
     * its token): the create is read back, recognised as this request's own and answered 201, so the Idempotency-Key
     * is kept and a retry replays it. Before, it answered 503, released the key, and the client's retry created a
     * second project.
     */
    @Test
    void everyAnswerToAProjectsCreateLost_isRecognisedByReadingItBack_andCreatesExactlyOne() {
        String email = "faults-" + UUID.randomUUID() + "@example.test";
        Http.Answer tenant = Http.post(
                api + "/v1/tenants", "{\"name\":\"All lost\"}", Http.bearer(Http.token(backend, email, null)));
        Map<String, String> auth =
                Http.bearer(Http.token(backend, email, tenant.json().path("id").asText()));
        assertEquals(200, Http.get(api + "/v1/projects", auth).status(), "the rate lease is taken first");
        Http.post(
                faults,
                "{\"service\":\"dynamodb\",\"operation\":\"TransactWriteItems\",\"error\":\"timeout\",\"count\":3}",
                Map.of());

        Map<String, String> withKey = new java.util.HashMap<>(auth);
        withKey.put("Idempotency-Key", "all-lost-" + UUID.randomUUID());
        Http.Answer created = Http.post(api + "/v1/projects", "{\"name\":\"Once\"}", withKey);

        assertEquals(201, created.status(), created::toString);
        assertEquals(
                3,
                Http.get(faults).json().path("faults").get(0).path("injected").asInt());
        Http.Answer replayed = Http.post(api + "/v1/projects", "{\"name\":\"Once\"}", withKey);
        assertEquals(
                created.json().path("id").asText(), replayed.json().path("id").asText());
        JsonNode projects = Http.get(api + "/v1/projects", auth).json().path("items");
        assertEquals(1, projects.size(), projects::toString);
    }

    /**
     * The media worker's first claim of an upload also counts it toward the tenant's media quota. Its answer is lost
     * (once, or on every SDK attempt, so the worker's own retry finds its claim): the upload is counted exactly once.
     * While the count was a write of its own after the claim, a lost claim answer left the upload uncounted (the
     * {@code UpdateItem} row) and a lost count answer counted it twice.
     */
    @ParameterizedTest(name = "{0} answer lost {1}x")
    @CsvSource({"UpdateItem,1", "TransactWriteItems,1", "TransactWriteItems,3"})
    void aMediaClaimWhoseAnswerWasLost_countsTheUploadExactlyOnce(String operation, int lost) throws Exception {
        String email = "faults-" + UUID.randomUUID() + "@example.test";
        Http.Answer tenant = Http.post(
                api + "/v1/tenants", "{\"name\":\"Counted once\"}", Http.bearer(Http.token(backend, email, null)));
        String tenantId = tenant.json().path("id").asText();
        Map<String, String> auth = Http.bearer(Http.token(backend, email, tenantId));
        byte[] picture = MediaUploads.picture();
        Http.Answer media = Http.post(api + "/v1/media", MediaUploads.createBody(picture), auth);
        assertEquals(201, media.status(), media::toString);
        Http.post(
                faults,
                "{\"service\":\"dynamodb\",\"operation\":\"" + operation + "\",\"error\":\"timeout\",\"count\":" + lost
                        + "}",
                Map.of());

        assertEquals(200, MediaUploads.upload(media.json(), picture).status());
        // The worker's calls meet the faults before any request of this test can (an operation it no longer makes
        // leaves them unmet): the item is watched past the faults until then.
        java.time.Instant processedBy = java.time.Instant.now().plusSeconds(60);
        while (Http.get(faults).json().path("faults").get(0).path("injected").asInt() < lost
                && !"ready"
                        .equals(backend.item(
                                        "TENANT#" + tenantId,
                                        "MEDIA#" + media.json().path("id").asText())
                                .getOrDefault("status", AttributeValue.fromS(""))
                                .s())
                && java.time.Instant.now().isBefore(processedBy)) {
            Thread.sleep(100);
        }
        java.time.Instant readyBy = java.time.Instant.now().plusSeconds(60);
        String status = "";
        while (!"ready".equals(status) && java.time.Instant.now().isBefore(readyBy)) {
            Thread.sleep(200);
            Http.Answer read =
                    Http.get(api + "/v1/media/" + media.json().path("id").asText(), auth);
            status = read.status() == 200 ? read.json().path("status").asText() : status;
        }
        assertEquals("ready", status);

        assertEquals(1, backend.tenantCount(tenantId, Keys.MEDIA_COUNT), "counted once, at the claim");
    }

    @Test
    void aLostAnswerToTheIdempotencyLock_isKnownAsTheRequestsOwn() {
        String email = "faults-" + UUID.randomUUID() + "@example.test";
        Http.Answer tenant = Http.post(
                api + "/v1/tenants", "{\"name\":\"Lost lock\"}", Http.bearer(Http.token(backend, email, null)));
        Map<String, String> auth =
                Http.bearer(Http.token(backend, email, tenant.json().path("id").asText()));
        Map<String, String> withKey = new java.util.HashMap<>(auth);
        withKey.put("Idempotency-Key", "lock-" + UUID.randomUUID());
        Http.post(
                faults,
                "{\"service\":\"dynamodb\",\"operation\":\"PutItem\",\"error\":\"timeout\",\"count\":1}",
                Map.of());

        Http.Answer created = Http.post(api + "/v1/projects", "{\"name\":\"Locked once\"}", withKey);

        assertEquals(201, created.status(), created::toString);
        assertEquals(
                1,
                Http.get(faults).json().path("faults").get(0).path("injected").asInt());
        Http.Answer replayed = Http.post(api + "/v1/projects", "{\"name\":\"Locked once\"}", withKey);
        assertEquals("true", replayed.header("Idempotent-Replayed"), replayed::toString);
        assertEquals(
                created.json().path("id").asText(), replayed.json().path("id").asText());
        assertEquals(
                1, Http.get(api + "/v1/projects", auth).json().path("items").size());
    }

    /**
     * The render request is written with the invoice (the outbox), so SQS refusing every send does not fail the
     * request: it answers 202, the relay's sends are refused (and counted) meanwhile and the invoice stays pending,
     * and once SQS is back the relay sends it and the invoice is rendered.
     */
    @Test
    void aQueueSendThatFails_doesNotFailTheRequest_andTheRelaySendsItOnceTheQueueIsBack() throws Exception {
        String email = "faults-" + UUID.randomUUID() + "@example.test";
        Http.Answer tenant = Http.post(
                api + "/v1/tenants", "{\"name\":\"Queue down\"}", Http.bearer(Http.token(backend, email, null)));
        Map<String, String> auth =
                Http.bearer(Http.token(backend, email, tenant.json().path("id").asText()));
        String period = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        Http.post(faults, "{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"error\":\"server\"}", Map.of());

        Http.Answer accepted = Http.post(api + "/v1/invoices", "{\"period\":\"" + period + "\"}", auth);
        assertEquals(202, accepted.status(), accepted::toString);
        String id = accepted.json().path("id").asText();
        java.time.Instant refusedBy = java.time.Instant.now().plusSeconds(20);
        while (Http.get(faults).json().path("faults").get(0).path("injected").asInt() == 0) {
            assertTrue(java.time.Instant.now().isBefore(refusedBy), "the relay never tried to send");
            Thread.sleep(100);
        }
        assertEquals(
                "pending",
                Http.get(api + "/v1/invoices/" + id, auth).json().path("status").asText());

        Http.send("DELETE", faults, Map.of(), new byte[0]);
        java.time.Instant readyBy = java.time.Instant.now().plusSeconds(60);
        String status = "pending";
        while (!"ready".equals(status) && java.time.Instant.now().isBefore(readyBy)) {
            Thread.sleep(250);
            status = Http.get(api + "/v1/invoices/" + id, auth)
                    .json()
                    .path("status")
                    .asText();
        }
        assertEquals("ready", status, "rendered once the relay could send its request");
    }

    /**
     * Usage under faults: while the table loses every answer to the aggregator's transactions (they land, the answers
     * are dropped) and then refuses them, requests are still answered, and their usage lines wait; once the table is
     * back the next usage read counts each admitted request exactly once: the line whose transaction landed without
     * an answer finds its marker and is not counted again (it would be 7, not 6, without it).
     */
    @Test
    void usageOfRequestsServedWhileTheTableLostOrRefusedItsWrites_isCountedExactlyOnceItIsBack() {
        String email = "faults-" + UUID.randomUUID() + "@example.test";
        Http.Answer tenant =
                Http.post(api + "/v1/tenants", "{\"name\":\"Usage\"}", Http.bearer(Http.token(backend, email, null)));
        Map<String, String> auth =
                Http.bearer(Http.token(backend, email, tenant.json().path("id").asText()));
        assertEquals(200, Http.get(api + "/v1/projects", auth).status(), "counted at once");

        Http.post(
                faults,
                "{\"service\":\"dynamodb\",\"operation\":\"TransactWriteItems\",\"error\":\"timeout\"}",
                Map.of());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, Http.get(api + "/v1/projects", auth).status());
        }
        assertTrue(
                Http.get(faults).json().path("faults").get(0).path("injected").asInt() > 0,
                "the aggregator's transaction landed and its answer was lost");
        Http.send("DELETE", faults, Map.of(), new byte[0]);
        Http.post(
                faults,
                "{\"service\":\"dynamodb\",\"operation\":\"TransactWriteItems\",\"error\":\"server\"}",
                Map.of());
        for (int i = 0; i < 2; i++) {
            assertEquals(200, Http.get(api + "/v1/projects", auth).status());
        }
        Http.send("DELETE", faults, Map.of(), new byte[0]);

        Http.Answer usage = Http.get(api + "/v1/usage", auth);
        assertEquals(200, usage.status(), usage::toString);
        assertEquals(6, usage.json().path("days").get(0).path("requests").asLong(), usage::toString);
        assertEquals(
                7,
                Http.get(api + "/v1/usage", auth)
                        .json()
                        .path("days")
                        .get(0)
                        .path("requests")
                        .asLong(),
                "the first read counted too, and nothing twice");
    }

    @Test
    void callsThroughLocalEndpoints_areNeverFaulted() {
        Http.post(faults, "{\"service\":\"dynamodb\",\"error\":\"server\"}", Map.of());
        try (AwsClients direct = AwsClients.of(backend.backend().aws())) {
            assertTrue(direct.dynamoDb().listTables().tableNames().size() > 0);
        }
        assertEquals(
                0,
                Http.get(faults).json().path("faults").get(0).path("injected").asInt());
    }
}
