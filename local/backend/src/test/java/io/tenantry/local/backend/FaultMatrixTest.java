package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ProjectRoot;
import io.tenantry.shared.data.Keys;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The fault matrix: a tenant's whole life (sign-up, a project made with an {@code Idempotency-Key} and changed, a
 * media upload processed by its worker, an invoice rendered by its worker) run while the functions' calls to one
 * service fail in one way at random, the client retrying each 503 as {@code Retry-After} asks. Then the faults are
 * cleared and the outcome checked: no 500 was ever answered, every 503 said when to come back, every write the client
 * was told of exists exactly once, and the workers finished what was asked of them.
 */
class FaultMatrixTest {
    /**
     * Each attempt's chance of failing, per service: a life makes about 40 DynamoDB calls but one SQS send and a few S3
     * calls, so those are faulted more often to be faulted at all.
     */
    private static final Map<String, Double> RATES = Map.of("dynamodb", 0.15, "sqs", 0.5, "s3", 0.3);

    private static final int TRIES = 12;

    /** The workers' queues, and how their messages come back when a worker's own retries did not get through. */
    private static final Map<String, String> WORKER_QUEUES =
            Map.of("MediaQueue", "MediaDeadLetterQueue", "InvoicesQueue", "InvoicesDeadLetterQueue");

    /**
     * A failed message comes back after this visibility timeout: the template's (six times the worker's timeout,
     * minutes) is sized for the cloud and would outlast the test, which waits for the redelivery as Lambda would.
     */
    private static final int VISIBILITY_SECONDS = 5;

    private static TestBackends.Running backend;
    private static String api;

    @BeforeAll
    static void start() {
        backend =
                TestBackends.start(TestBackends.options(ProjectRoot.template()).build());
        api = backend.api();
        for (String queue : WORKER_QUEUES.keySet()) {
            backend.backend()
                    .clients()
                    .sqs()
                    .setQueueAttributes(r -> r.queueUrl(
                                    backend.backend().resources().queueUrl(queue))
                            .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "" + VISIBILITY_SECONDS)));
        }
    }

    @AfterAll
    static void stop() {
        backend.backend().close();
    }

    @AfterEach
    void clear() {
        backend.backend().faults().clear();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        for (String service : List.of("dynamodb", "sqs", "s3")) {
            for (String error : List.of("throttling", "server", "timeout")) {
                cells.add(Arguments.of(service, error));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void aTenantsLife_underFaults_losesNothing_andDoesNothingTwice(String service, String error) throws Exception {
        Client client = new Client();
        String email = "matrix-" + UUID.randomUUID() + "@example.test";
        backend.backend()
                .faults()
                .add(
                        service,
                        null,
                        io.tenantry.local.faults.Faults.Error.of(error).orElseThrow(),
                        RATES.get(service),
                        null);

        JsonNode tenant = client.call(
                        "POST", "/v1/tenants", client.token(email, null), "{\"name\":\"Matrix\"}", "sign-up", 201)
                .json();
        String token = client.token(email, tenant.path("id").asText());
        JsonNode project = client.call(
                        "POST",
                        "/v1/projects",
                        token,
                        "{\"name\":\"Under faults\"}",
                        "project-" + UUID.randomUUID(),
                        201)
                .json();
        client.call(
                "PATCH",
                "/v1/projects/" + project.path("id").asText(),
                token,
                "{\"description\":\"changed\"}",
                null,
                200);
        byte[] picture = MediaUploads.picture();
        JsonNode media = client.call(
                        "POST", "/v1/media", token, MediaUploads.createBody(picture), "media-" + UUID.randomUUID(), 201)
                .json();
        Http.Answer uploaded = MediaUploads.upload(media, picture);
        assertEquals(200, uploaded.status(), uploaded::toString);
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        JsonNode invoice = client.call("POST", "/v1/invoices", token, "{\"period\":\"" + period + "\"}", null, 202)
                .json();

        Map<String, String> auth = Http.bearer(token);
        // The workers run under the faults too; their reads of the outcome are retried like any client's.
        assertEquals(
                "ready",
                client.awaitStatus("/v1/media/" + media.path("id").asText(), auth, "ready", "rejected"),
                FaultMatrixTest::queues);
        assertEquals(
                "ready",
                client.awaitStatus("/v1/invoices/" + invoice.path("id").asText(), auth, "ready", "failed"),
                FaultMatrixTest::queues);
        long injected = backend.backend().faults().list().getFirst().injected();
        backend.backend().faults().clear();

        client.assertNoServerError();
        JsonNode projects = Http.get(api + "/v1/projects", auth).json().path("items");
        assertEquals(1, projects.size(), () -> "projects: " + projects + "\n" + client.log);
        assertEquals(project.path("id").asText(), projects.get(0).path("id").asText());
        assertEquals("changed", projects.get(0).path("description").asText());
        assertEquals(1, Http.get(api + "/v1/media", auth).json().path("items").size());
        assertEquals(
                1, Http.get(api + "/v1/invoices", auth).json().path("items").size());
        // The quotas' counts were made once each: a count made twice or lost would refuse or admit a create wrongly.
        String tenantId = tenant.path("id").asText();
        assertEquals(1, backend.tenantCount(tenantId, Keys.PROJECT_COUNT));
        assertEquals(1, backend.tenantCount(tenantId, Keys.MEDIA_COUNT));
        System.out.printf(
                "fault matrix %s %s: %d attempts faulted, answers %s%n", service, error, injected, client.statuses);
    }

    /** Where the workers' messages are, for a worker that did not finish: waiting, in flight, or dead-lettered. */
    private static String queues() {
        StringBuilder out = new StringBuilder("queues:");
        for (var queue : WORKER_QUEUES.entrySet()) {
            for (String name : List.of(queue.getKey(), queue.getValue())) {
                Map<QueueAttributeName, String> attributes = backend.backend()
                        .clients()
                        .sqs()
                        .getQueueAttributes(
                                r -> r.queueUrl(backend.backend().resources().queueUrl(name))
                                        .attributeNames(
                                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                        .attributes();
                out.append(' ').append(name).append(' ').append(attributes);
            }
        }
        return out.toString();
    }

    /** A client that retries 503s (immediately: the faults are random) and keeps every answer it got. */
    private static final class Client {
        final Map<Integer, Integer> statuses = new LinkedHashMap<>();
        final StringBuilder log = new StringBuilder();

        /** A token from the local identity provider, which reads DynamoDB too: its 503s are retried. */
        String token(String email, String tenantId) {
            String body = tenantId == null
                    ? "{\"email\":\"" + email + "\"}"
                    : "{\"email\":\"" + email + "\",\"tenantId\":\"" + tenantId + "\"}";
            Http.Answer answer = null;
            for (int i = 0; i < TRIES; i++) {
                answer = Http.post(api + "/local/auth/token", body, Map.of());
                statuses.merge(answer.status(), 1, Integer::sum);
                log.append("POST /local/auth/token -> ").append(answer).append('\n');
                if (answer.status() != 503) {
                    break;
                }
                assertNotNull(answer.header("Retry-After"), answer::toString);
            }
            Http.Answer last = answer;
            assertEquals(200, last.status(), () -> log.toString());
            return last.json().path("token").asText();
        }

        Http.Answer call(String method, String path, String token, String body, String idempotencyKey, int expected) {
            Map<String, String> headers = new HashMap<>(Http.bearer(token));
            headers.put("Content-Type", "application/json");
            if (idempotencyKey != null) {
                headers.put("Idempotency-Key", idempotencyKey);
            }
            Http.Answer answer = null;
            for (int i = 0; i < TRIES; i++) {
                if (method.equals("PATCH")) {
                    Http.Answer current = Http.get(api + path, Http.bearer(token));
                    if (current.status() == 200) {
                        headers.put("If-Match", current.header("ETag"));
                    }
                }
                answer = Http.send(method, api + path, headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                statuses.merge(answer.status(), 1, Integer::sum);
                log.append(method)
                        .append(' ')
                        .append(path)
                        .append(" -> ")
                        .append(answer)
                        .append('\n');
                if (answer.status() == 503) {
                    assertNotNull(answer.header("Retry-After"), answer::toString);
                    continue;
                }
                break;
            }
            Http.Answer last = answer;
            assertEquals(expected, last.status(), () -> log.toString());
            return last;
        }

        /** Waits until the resource's status is one of {@code ends}; the workers' retries may take a while. */
        String awaitStatus(String path, Map<String, String> auth, String... ends) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (true) {
                Http.Answer answer = Http.get(api + path, auth);
                statuses.merge(answer.status(), 1, Integer::sum);
                if (answer.status() == 503) {
                    assertNotNull(answer.header("Retry-After"), answer::toString);
                } else {
                    assertEquals(200, answer.status(), answer::toString);
                    String status = answer.json().path("status").asText();
                    if (List.of(ends).contains(status)) {
                        return status;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return answer.toString();
                }
                Thread.sleep(200);
            }
        }

        void assertNoServerError() {
            assertTrue(
                    statuses.keySet().stream().allMatch(s -> s < 500 || s == 503),
                    () -> "answers " + statuses + "\n" + log);
        }
    }
}
