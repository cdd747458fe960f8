package io.tenantry.local.backend;

import static io.tenantry.local.backend.GatewayTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.backend.testfunctions.ConcurrencyProbe;
import io.tenantry.local.backend.testfunctions.Recorded;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The wiring template's asynchronous paths: a queue's messages reach its worker in batches, reported failures come
 * back and dead-letter after maxReceiveCount, objects written to a bucket notify its queue (with its filters) or a
 * function, and schedules fire on demand.
 */
class AsyncWiringTest {
    static TestBackends.Running backend;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        backend = TestBackends.wiring();
        sqs = backend.backend().clients().sqs();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static List<SQSEvent.SQSMessage> workerSaw(String body) {
        return Recorded.of("QueueWorker").stream()
                .map(SQSEvent.SQSMessage.class::cast)
                .filter(m -> m.getBody().equals(body))
                .toList();
    }

    static String send(String queue, String body) {
        return sqs.sendMessage(r -> r.queueUrl(backend.backend().resources().queueUrl(queue))
                        .messageBody(body)
                        .messageAttributes(Map.of(
                                "kind",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("test")
                                        .build())))
                .messageId();
    }

    @Test
    void aMessage_reachesItsWorker_asLambdaDeliversIt_andIsDeleted() throws Exception {
        String body = "ok-" + UUID.randomUUID();
        String id = send("WorkQueue", body);
        await("the worker to see " + body, () -> !workerSaw(body).isEmpty());
        SQSEvent.SQSMessage message = workerSaw(body).getFirst();
        assertEquals(id, message.getMessageId());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:WorkQueue", message.getEventSourceArn());
        assertEquals("aws:sqs", message.getEventSource());
        assertEquals("1", message.getAttributes().get("ApproximateReceiveCount"));
        assertEquals("test", message.getMessageAttributes().get("kind").getStringValue());
        assertTrue(message.getMd5OfBody() != null && message.getReceiptHandle() != null);
        Thread.sleep(2_500); // past the 1 s visibility timeout: a deleted message does not come back
        assertEquals(1, workerSaw(body).size());
    }

    /**
     * A fair queue: a backlog of one message group does not hold up another group's message, which the worker sees
     * among the first batches instead of after the whole backlog; the backlog waits parked, each of its messages
     * delivered once with a receive count of 1, though the queue's visibility timeout is 1 s.
     */
    @Test
    void aQuietGroupsMessage_overtakesABusyGroupsBacklog_whichIsDeliveredOnceEach() throws Exception {
        int backlog = 150;
        String run = "slow-" + UUID.randomUUID() + "-";
        String queueUrl = backend.backend().resources().queueUrl("WorkQueue");
        // 150: more than a window of 100 messages held, which would have left the quiet one 51st or later
        for (int from = 0; from < backlog; from += 10) {
            List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> entries =
                    new java.util.ArrayList<>();
            for (int i = from; i < from + 10; i++) {
                entries.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                        .id("m" + i)
                        .messageBody(run + "busy-" + i)
                        .messageGroupId("ten_busy")
                        .build());
            }
            sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(run + "quiet").messageGroupId("ten_quiet"));

        await("the worker to see all " + (backlog + 1), () -> seenInRun(run).size() >= backlog + 1);
        Thread.sleep(2_500); // past the visibility timeout: nothing comes back
        List<SQSEvent.SQSMessage> seen = seenInRun(run);
        List<String> bodies = seen.stream().map(SQSEvent.SQSMessage::getBody).toList();
        assertEquals(backlog + 1, seen.size(), bodies::toString);
        assertTrue(
                bodies.indexOf(run + "quiet") < 12,
                () -> "the quiet message came " + bodies.indexOf(run + "quiet") + "th: " + bodies);
        assertTrue(
                seen.stream().allMatch(m -> "1".equals(m.getAttributes().get("ApproximateReceiveCount"))),
                "each delivered once");
        // A standard queue does not keep the order messages were sent in, so none is asserted here
        // (FairBatchesTest: a group's messages leave in the order they were received).
    }

    static List<SQSEvent.SQSMessage> seenInRun(String run) {
        return Recorded.of("QueueWorker").stream()
                .map(SQSEvent.SQSMessage.class::cast)
                .filter(m -> m.getBody().startsWith(run))
                .toList();
    }

    /** Sends six messages to the queue and waits for the probe to have handled them; the most that ran at once. */
    private static int mostAtOnce(String queue) throws InterruptedException {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 6; i++) {
            send(queue, run + "-" + i);
        }
        await(
                "the probe to handle " + queue + "'s six messages",
                () -> Recorded.of("ConcurrencyProbe").stream()
                                .filter(b -> b.toString().startsWith(run))
                                .count()
                        == 6);
        return ConcurrencyProbe.most(
                backend.backend().resources().attribute(queue, "Arn").orElseThrow());
    }

    @Test
    void aMappingWithMaximumConcurrency_runsThatManyBatchesAtOnce_andNoMore() throws Exception {
        assertEquals(ConcurrencyProbe.MEET, mostAtOnce("ParallelQueue"), "MaximumConcurrency: 3");
    }

    @Test
    void aMappingWithoutMaximumConcurrency_runsOneBatchAtATime() throws Exception {
        assertEquals(1, mostAtOnce("SerialQueue"), "no ScalingConfig: one batch at a time");
    }

    @Test
    void reportedFailures_comeBack_thenDeadLetter_whileTheOthersAreDone() throws Exception {
        String good = "ok-" + UUID.randomUUID();
        String bad = "fail-" + UUID.randomUUID();
        send("WorkQueue", good);
        send("WorkQueue", bad);
        String dlq = backend.backend().resources().queueUrl("WorkDeadLetterQueue");
        await("the failed message in the dead-letter queue", () -> deadLettered(dlq, bad));
        assertEquals(2, workerSaw(bad).size(), "maxReceiveCount is 2: two deliveries, then the DLQ");
        assertEquals(1, workerSaw(good).size());
    }

    @Test
    void aWorkerThatThrows_returnsTheWholeBatch_untilItDeadLetters_andTheBackendStaysUp() throws Exception {
        String poison = "throw";
        int before = workerSaw(poison).size();
        send("WorkQueue", poison);
        String dlq = backend.backend().resources().queueUrl("WorkDeadLetterQueue");
        await("the poison message in the dead-letter queue", () -> deadLettered(dlq, poison));
        assertEquals(before + 2, workerSaw(poison).size());
        assertTrue(backend.console().linesWith("WorkerFunction").stream().anyMatch(l -> l.contains(" error ")));
        assertEquals(200, Http.get(backend.api() + "/public").status());
    }

    private static final java.util.Set<String> DEAD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** True once {@code body} has been seen in the dead-letter queue (messages read there are deleted). */
    static boolean deadLettered(String dlq, String body) {
        List<Message> messages = sqs.receiveMessage(
                        r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        for (Message message : messages) {
            DEAD.add(message.body());
            sqs.deleteMessage(r -> r.queueUrl(dlq).receiptHandle(message.receiptHandle()));
        }
        return DEAD.contains(body);
    }

    @Test
    void anObjectWrittenToANotifyingBucket_reachesItsQueuesWorker_asS3SendsIt() throws Exception {
        String bucket = backend.backend().resources().bucketName("UploadsBucket");
        String key = "incoming/" + UUID.randomUUID() + " photo.png";
        backend.backend().clients().s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("png!"));
        backend.backend()
                .clients()
                .s3()
                .putObject(r -> r.bucket(bucket).key("elsewhere/x.png"), RequestBody.fromString("no"));
        backend.backend()
                .clients()
                .s3()
                .putObject(r -> r.bucket(bucket).key("incoming/x.txt"), RequestBody.fromString("no"));
        String encoded = java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)
                .replace("%2F", "/");
        await(
                "the upload's notification",
                () -> Recorded.of("UploadsWorker").stream()
                        .anyMatch(b -> b.toString().contains(encoded)));
        JsonNode notification = new ObjectMapper()
                .readTree(Recorded.of("UploadsWorker").stream()
                        .map(Object::toString)
                        .filter(b -> b.contains(encoded))
                        .findFirst()
                        .orElseThrow());
        JsonNode record = notification.path("Records").get(0);
        assertEquals("aws:s3", record.path("eventSource").asText());
        assertEquals("ObjectCreated:Put", record.path("eventName").asText());
        assertEquals("us-east-1", record.path("awsRegion").asText());
        assertEquals(bucket, record.path("s3").path("bucket").path("name").asText());
        assertEquals(
                "arn:aws:s3:::" + bucket,
                record.path("s3").path("bucket").path("arn").asText());
        assertEquals(encoded, record.path("s3").path("object").path("key").asText());
        assertEquals(4, record.path("s3").path("object").path("size").asLong());
        assertEquals(32, record.path("s3").path("object").path("eTag").asText().length());
        Thread.sleep(1_000);
        assertTrue(Recorded.of("UploadsWorker").stream()
                .noneMatch(
                        b -> b.toString().contains("elsewhere/") || b.toString().contains("x.txt")));
    }

    @Test
    void anObjectWrittenToABucketWithAFunctionsS3Event_invokesTheFunction() throws Exception {
        String bucket = backend.backend().resources().bucketName("ReportsBucket");
        String key = "reports/" + UUID.randomUUID() + ".csv";
        backend.backend().clients().s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("a,b"));
        await(
                "ReportsFunction to see " + key,
                () -> Recorded.of("ReportsHandler").contains(key));
    }

    @Test
    void aSchedule_firesOnDemand_withItsInput() throws Exception {
        int before = Recorded.of("ScheduledTask").size();
        Http.Answer fired = Http.post(backend.api() + "/local/schedules/ScheduledFunction", "", Map.of());
        assertEquals(200, fired.status(), fired::toString);
        assertEquals("Nightly", fired.json().path("event").asText());
        assertEquals("ok", fired.json().path("status").asText());
        assertEquals(
                "nightly", fired.json().path("result").path("input").path("job").asText());
        assertTrue(fired.json().path("result").path("remainingMs").asInt() > 0);
        assertEquals(before + 1, Recorded.of("ScheduledTask").size());
    }

    @Test
    void aScheduleWithoutInput_sendsEventBridgesScheduledEvent() {
        Http.Answer fired = Http.post(backend.api() + "/local/schedules/ScheduledFunction?event=Hourly", "", Map.of());
        assertEquals(200, fired.status(), fired::toString);
        JsonNode input = fired.json().path("result").path("input");
        assertEquals("Scheduled Event", input.path("detail-type").asText());
        assertEquals("aws.events", input.path("source").asText());
    }

    @Test
    void aSchedulesInput_canAlsoBeSentThroughTheInvokeApi() {
        Http.Answer answer = Http.send(
                "POST",
                backend.lambda() + "/2015-03-31/functions/ScheduledFunction/invocations",
                Map.of(),
                "{\"job\": \"nightly\"}".getBytes());
        assertEquals(200, answer.status());
        assertEquals("nightly", answer.json().path("input").path("job").asText());
    }

    @Test
    void unknownSchedules_are404() {
        assertProblem(Http.post(backend.api() + "/local/schedules/EchoFunction", "", Map.of()), 404);
        assertProblem(Http.post(backend.api() + "/local/schedules/Nope", "", Map.of()), 404);
        assertProblem(Http.post(backend.api() + "/local/schedules/ScheduledFunction?event=Nope", "", Map.of()), 404);
    }

    @Test
    void endpoints_nameQueuesAndBuckets() {
        JsonNode resources = Http.get(backend.api() + "/local/endpoints").json().path("resources");
        assertEquals(
                backend.backend().resources().queueUrl("WorkQueue"),
                resources.path("WorkQueue").asText());
        assertTrue(resources.path("WorkQueue").asText().startsWith("http://127.0.0.1:"));
        assertEquals("WiringTable", resources.path("Table").asText());
        assertEquals("tenantry-uploadsbucket", resources.path("UploadsBucket").asText());
    }
}
