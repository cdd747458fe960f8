package io.tenantry.local.backend;

import static io.tenantry.local.backend.AsyncWiringTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.backend.testfunctions.Recorded;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Asynchronous invocations as Lambda runs them (the wiring template's {@code AsyncFunction}, {@code NoRetryFunction}
 * and {@code ThrowingFunction}; retry delays are zero in tests): a function error is retried {@code
 * MaximumRetryAttempts} times under one request id, then exactly one invocation record goes to the {@code OnFailure}
 * queue; a success goes to {@code OnSuccess} only; schedules fired on demand answer their first attempt and retry in
 * the background.
 */
class AsyncInvocationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Records read from the destination queues, by queue and the {@code id} of their request payload. */
    private static final Map<String, List<JsonNode>> RECORDS = new ConcurrentHashMap<>();

    static TestBackends.Running backend;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        backend = TestBackends.wiring();
        sqs = backend.backend().clients().sqs();
    }

    private static Http.Answer invokeEvent(String function, String payload) {
        return Http.send(
                "POST",
                backend.lambda() + "/2015-03-31/functions/" + function + "/invocations",
                Map.of("X-Amz-Invocation-Type", "Event"),
                payload.getBytes());
    }

    /** The inputs AsyncTask saw with this id, with the request id of each attempt. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attempts(String id) {
        return Recorded.of("AsyncTask").stream()
                .map(o -> (Map<String, Object>) o)
                .filter(r -> id.equals(((Map<String, Object>) r.get("input")).get("id")))
                .toList();
    }

    /** Reads (and deletes) what is in a queue for up to a second, keeping each record by its payload's id. */
    private static void drain(String queue) {
        String url = backend.backend().resources().queueUrl(queue);
        List<Message> messages = sqs.receiveMessage(
                        r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        for (Message message : messages) {
            try {
                JsonNode record = JSON.readTree(message.body());
                String id = record.path("requestPayload").path("id").asText();
                RECORDS.computeIfAbsent(queue + "/" + id, k -> new CopyOnWriteArrayList<>())
                        .add(record);
            } catch (java.io.IOException e) {
                throw new AssertionError("Not JSON: " + message.body(), e);
            }
            sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
        }
    }

    private static List<JsonNode> records(String queue, String id) {
        return RECORDS.getOrDefault(queue + "/" + id, List.of());
    }

    /** Waits for a record for {@code id}, then drains a little longer: no second one may follow. */
    private static JsonNode onlyRecord(String queue, String id) throws InterruptedException {
        await("a record for " + id + " in " + queue, () -> {
            drain(queue);
            return !records(queue, id).isEmpty();
        });
        drain(queue);
        assertEquals(1, records(queue, id).size(), () -> records(queue, id).toString());
        return records(queue, id).getFirst();
    }

    @Test
    void anEventThatAlwaysFails_isTriedThreeTimes_thenOneRecordGoesToOnFailure() throws Exception {
        String id = "fail-" + UUID.randomUUID();
        String payload = "{\"fail\": true, \"id\": \"" + id + "\"}";
        Http.Answer accepted = invokeEvent("AsyncFunction", payload);
        assertEquals(202, accepted.status(), accepted::toString);
        String requestId = accepted.header("X-Amzn-RequestId");

        JsonNode record = onlyRecord("AsyncFailuresQueue", id);
        assertEquals(3, attempts(id).size(), "1 + MaximumRetryAttempts (2)");
        assertTrue(attempts(id).stream().allMatch(a -> requestId.equals(a.get("requestId"))), "one request id");

        assertEquals("1.0", record.path("version").asText());
        assertTrue(record.path("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        JsonNode request = record.path("requestContext");
        assertEquals(requestId, request.path("requestId").asText());
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:AsyncFunction:$LATEST",
                request.path("functionArn").asText());
        assertEquals("RetriesExhausted", request.path("condition").asText());
        assertEquals(3, request.path("approximateInvokeCount").asInt());
        assertEquals(JSON.readTree(payload), record.path("requestPayload"));
        JsonNode response = record.path("responseContext");
        assertEquals(200, response.path("statusCode").asInt());
        assertEquals("$LATEST", response.path("executedVersion").asText());
        assertEquals("Unhandled", response.path("functionError").asText());
        assertEquals(
                "java.lang.IllegalStateException",
                record.path("responsePayload").path("errorType").asText());
        assertEquals(
                "async task " + id + " failed",
                record.path("responsePayload").path("errorMessage").asText());
        assertTrue(record.path("responsePayload").path("stackTrace").isArray());

        List<String> lines = backend.console().linesWith(requestId);
        assertEquals(
                3,
                lines.stream()
                        .filter(l -> l.contains("invoke (Event)  attempt "))
                        .count(),
                lines::toString);
        assertTrue(
                lines.stream().anyMatch(l -> l.contains("attempt 1/3  (java.lang.IllegalStateException)  retry in")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("attempt 3/3  (java.lang.IllegalStateException)")));
        assertTrue(
                lines.stream()
                        .anyMatch(
                                l -> l.contains("OnFailure -> AsyncFailuresQueue: RetriesExhausted after 3 attempts")),
                lines::toString);
        assertTrue(records("AsyncSuccessesQueue", id).isEmpty());
    }

    @Test
    void withMaximumRetryAttempts0_thereIsOneAttempt_andTheRecordFindsItsQueueByArn() throws Exception {
        String id = "once-" + UUID.randomUUID();
        assertEquals(
                202,
                invokeEvent("NoRetryFunction", "{\"fail\": true, \"id\": \"" + id + "\"}")
                        .status());
        JsonNode record = onlyRecord("NoRetryFailuresQueue", id);
        assertEquals(
                1, record.path("requestContext").path("approximateInvokeCount").asInt());
        assertEquals(
                "RetriesExhausted",
                record.path("requestContext").path("condition").asText());
        Thread.sleep(300);
        assertEquals(1, attempts(id).size());
    }

    @Test
    void aSucceedingEvent_sendsNothingToOnFailure_andItsRecordToOnSuccess() throws Exception {
        String id = "ok-" + UUID.randomUUID();
        assertEquals(
                202, invokeEvent("AsyncFunction", "{\"id\": \"" + id + "\"}").status());
        JsonNode record = onlyRecord("AsyncSuccessesQueue", id);
        assertEquals("Success", record.path("requestContext").path("condition").asText());
        assertEquals(
                1, record.path("requestContext").path("approximateInvokeCount").asInt());
        assertFalse(record.path("responseContext").has("functionError"));
        assertEquals(id, record.path("responsePayload").path("done").asText());
        drain("AsyncFailuresQueue");
        assertTrue(records("AsyncFailuresQueue", id).isEmpty());
        assertEquals(1, attempts(id).size());
    }

    @Test
    void aScheduleFiredOnDemand_answersItsFirstAttempt_thenRetriesAndDeadLettersInTheBackground() throws Exception {
        int before = attempts("scheduled").size();
        Http.Answer fired = Http.post(backend.api() + "/local/schedules/AsyncFunction", "", Map.of());
        assertEquals(200, fired.status(), fired::toString);
        assertEquals("Failing", fired.json().path("event").asText());
        assertEquals("error", fired.json().path("status").asText());
        assertEquals(
                "java.lang.IllegalStateException",
                fired.json().path("error").path("errorType").asText());
        String requestId = fired.json().path("requestId").asText();

        await("the schedule's record in AsyncFailuresQueue", () -> {
            drain("AsyncFailuresQueue");
            return records("AsyncFailuresQueue", "scheduled").stream()
                    .anyMatch(r ->
                            r.path("requestContext").path("requestId").asText().equals(requestId));
        });
        assertEquals(before + 3, attempts("scheduled").size());
        JsonNode record = records("AsyncFailuresQueue", "scheduled").stream()
                .filter(r -> r.path("requestContext").path("requestId").asText().equals(requestId))
                .findFirst()
                .orElseThrow();
        assertEquals(
                3, record.path("requestContext").path("approximateInvokeCount").asInt());
        assertEquals(
                "POST /local/schedules Failing (rate(1 day))  attempt 1/3  (java.lang.IllegalStateException)  retry in"
                        + " 0 ms",
                backend.console().linesWith(requestId).getFirst().replaceFirst(".*request=\\S+  ", ""));
    }

    @Test
    void withoutADestination_aFailedEventIsRetriedTwice_thenDropped() throws Exception {
        Http.Answer accepted = invokeEvent("ThrowingFunction", "{}");
        assertEquals(202, accepted.status());
        String requestId = accepted.header("X-Amzn-RequestId");
        await(
                "the dropped event",
                () -> backend.console().linesWith(requestId).stream()
                        .anyMatch(l ->
                                l.contains("dropped: RetriesExhausted after 3 attempts (no OnFailure destination)")));
        assertEquals(
                3,
                backend.console().linesWith(requestId).stream()
                        .filter(l -> l.contains(" error "))
                        .count());
    }

    @Test
    void theStart_listsAsyncSettings_andWarnsAboutDestinationsItCannotDeliver() {
        assertTrue(
                backend.console().lines().stream()
                        .anyMatch(l -> l.equals("  async   AsyncFunction: 2 retries, maximum event age 3600 s,"
                                + " OnSuccess -> AsyncSuccessesQueue, OnFailure -> AsyncFailuresQueue")),
                backend.console().lines()::toString);
        assertTrue(
                backend.console()
                        .errors()
                        .contains("NoRetryFunction: EventInvokeConfig OnSuccess of Type SNS is not emulated"),
                backend.console()::errors);
    }
}
