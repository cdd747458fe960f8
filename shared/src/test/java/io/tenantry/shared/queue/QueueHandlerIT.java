package io.tenantry.shared.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import io.tenantry.local.emulators.LambdaSerialization;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.metrics.EmfOutput;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.tracing.AwsCallSpans;
import io.tenantry.shared.tracing.CurrentRoute;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The one worker shape: each message of a batch is handled, dead-lettered at once (it can never
 * succeed), or failed for SQS to redeliver (a transient failure), on its own. The dead-letter queue
 * is a real one, in the emulated SQS.
 */
@EmulatedAws
class QueueHandlerIT {
    static AwsEnvironment aws;
    static ApplicationContext context;
    static String deadLetters;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("InvoiceQueueFunction"));
        properties.put("tenantry.metering.enabled", "false");
        context = ApplicationContext.run(properties);
        deadLetters = aws.sqs()
                .createQueue(r -> r.queueName("queue-handler-test-dead-letters"))
                .queueUrl();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void emptyTheDeadLetterQueue() {
        aws.sqs().purgeQueue(r -> r.queueUrl(deadLetters));
    }

    /** What the test worker's queue carries; {@code tenantId} may be absent. */
    @Serdeable
    record Order(String item, int receiveCountToFailUntil, String tenantId) implements TenantMessage {}

    /**
     * Handles {@code {"item": …}} bodies: "unusable" can never succeed, "runtime", "checked" and
     * "oom" fail in every other way a message can; "flaky" fails until its receive count reaches
     * {@code receiveCountToFailUntil}.
     */
    static class Worker extends QueueHandler {
        final List<String> handled = Collections.synchronizedList(new ArrayList<>());
        final List<String> contexts = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> receiveCounts = Collections.synchronizedList(new ArrayList<>());
        /** Per message: the route its AWS calls' spans name, and the tenant its logging context names. */
        final List<String> routes = Collections.synchronizedList(new ArrayList<>());

        final Map<String, String> tenantOfItem = Collections.synchronizedMap(new HashMap<>());
        /** "wait" waits (at most 2 s, then fails) until "release" was handled. */
        final CountDownLatch released = new CountDownLatch(1);

        String deadLetterQueueUrl = deadLetters;

        Worker(ApplicationContext context) {
            super(context);
        }

        @Override
        protected void handleMessage(SQSEvent.SQSMessage message, Delivery delivery) throws Exception {
            contexts.add(MDC.get("messageId"));
            receiveCounts.add(delivery.receiveCount());
            Order order = readJson(message, Order.class);
            routes.add(context.getBean(CurrentRoute.class).get().orElse(null));
            tenantOfItem.put(order.item(), MDC.get(AwsCallSpans.LOGGED_TENANT));
            switch (order.item() == null ? "" : order.item()) {
                case "unusable" -> throw new UnusableMessageException("No such item, ever.");
                case "runtime" -> throw new IllegalStateException("transient");
                case "checked" -> throw new java.io.IOException("transient");
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                case "wait" -> {
                    if (!released.await(2, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                    handled.add("wait");
                }
                case "release" -> {
                    released.countDown();
                    handled.add("release");
                }
                case "flaky" -> {
                    if (delivery.receiveCount() < order.receiveCountToFailUntil()) {
                        throw new IllegalStateException("not yet");
                    }
                    handled.add("flaky");
                }
                default -> handled.add(order.item());
            }
        }

        @Override
        protected String deadLetterQueueUrl() {
            return deadLetterQueueUrl;
        }
    }

    /** The worker that handles a batch's messages all at once. */
    static final class AtOnceWorker extends Worker {
        AtOnceWorker(ApplicationContext context) {
            super(context);
        }

        @Override
        protected boolean handlesMessagesAtOnce() {
            return true;
        }
    }

    static String order(String item) {
        return "{\"item\": \"" + item + "\", \"receiveCountToFailUntil\": 0}";
    }

    static SQSEvent.SQSMessage message(String id, String body, String receiveCount) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setAttributes(receiveCount == null ? null : Map.of(Delivery.RECEIVE_COUNT, receiveCount));
        return message;
    }

    static SQSEvent batch(String... bodies) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            messages.add(message("m" + i, bodies[i], "1"));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    static List<Message> deadLettered() {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Message> received = aws.sqs()
                    .receiveMessage(r -> r.queueUrl(deadLetters)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(0)
                            .messageAttributeNames("All"))
                    .messages();
            all.addAll(received);
        }
        return all;
    }

    @Test
    void aMessageThatCanNeverSucceed_isDeadLetteredAtOnce_withItsReason_andAcknowledged() {
        Worker worker = new Worker(context);
        SQSBatchResponse response = worker.handleRequest(batch(order("a"), order("unusable"), order("b")), null);

        assertEquals(List.of(), failed(response), "acknowledged: it is in the dead-letter queue");
        assertEquals(List.of("a", "b"), worker.handled, "its neighbours are handled");
        List<Message> dead = deadLettered();
        assertEquals(1, dead.size(), dead::toString);
        assertEquals(order("unusable"), dead.getFirst().body());
        assertEquals(
                "No such item, ever.",
                dead.getFirst().messageAttributes().get(DeadLetters.REASON).stringValue());
    }

    @Test
    void theStreamEntry_Lambda_calls_readsTheBatchsJson_andAnswersWithItsFailures() throws IOException {
        Worker worker = new Worker(context);
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        LambdaSerialization.serializer(SQSEvent.class)
                .toJson(batch(order("a"), order("runtime"), order("unusable"), order("b")), event);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();

        worker.handleRequest(new ByteArrayInputStream(event.toByteArray()), answer, null);

        SQSBatchResponse response = LambdaSerialization.serializer(SQSBatchResponse.class)
                .fromJson(new ByteArrayInputStream(answer.toByteArray()));
        assertEquals(List.of("m1"), failed(response), answer::toString);
        assertEquals(List.of("a", "b"), worker.handled);
        assertEquals(1, deadLettered().size(), "the unusable message is dead-lettered, as through the event itself");
    }

    @Test
    void aBodyThatIsNotTheQueuesMessage_isDeadLetteredAtOnce() {
        Worker worker = new Worker(context);
        SQSBatchResponse response = worker.handleRequest(batch("not json {", "", "[1, 2]", "null", order("a")), null);

        assertEquals(List.of(), failed(response));
        assertEquals(List.of("a"), worker.handled);
        List<Message> dead = deadLettered();
        assertEquals(4, dead.size(), dead::toString);
        assertTrue(dead.stream().allMatch(m -> m.messageAttributes().containsKey(DeadLetters.REASON)));
    }

    @Test
    void aTransientFailure_isReportedAsABatchItemFailure_andNotDeadLettered() {
        Worker worker = new Worker(context);
        SQSBatchResponse response = worker.handleRequest(
                batch(order("a"), order("runtime"), order("b"), order("checked"), order("oom"), order("c")), null);

        assertEquals(List.of("m1", "m3", "m4"), failed(response));
        assertEquals(List.of("a", "b", "c"), worker.handled);
        assertEquals(List.of(), deadLettered(), "SQS redelivers it, and its redrive policy dead-letters it");
    }

    @Test
    void aRedeliveredMessage_seesItsReceiveCount_andSucceedsWhenItsFailureWasTransient() {
        Worker worker = new Worker(context);
        String flaky = "{\"item\": \"flaky\", \"receiveCountToFailUntil\": 2}";
        SQSEvent first = new SQSEvent();
        first.setRecords(List.of(message("f", flaky, "1")));
        SQSEvent second = new SQSEvent();
        second.setRecords(List.of(message("f", flaky, " 2 ")));

        assertEquals(List.of("f"), failed(worker.handleRequest(first, null)));
        assertEquals(List.of(), failed(worker.handleRequest(second, null)));
        assertEquals(List.of(1, 2), worker.receiveCounts);
        assertEquals(List.of("flaky"), worker.handled);
    }

    @Test
    void withoutADeadLetterQueue_anUnusableMessage_isFailed_forTheRedrivePolicyToMove() {
        Worker worker = new Worker(context);
        worker.deadLetterQueueUrl = "";
        SQSBatchResponse response = worker.handleRequest(batch(order("unusable"), order("a")), null);

        assertEquals(List.of("m0"), failed(response));
        assertEquals(List.of("a"), worker.handled);
    }

    @Test
    void whenTheDeadLetterQueueCannotBeReached_anUnusableMessage_isFailed_notLost() {
        Worker worker = new Worker(context);
        worker.deadLetterQueueUrl = deadLetters + "-that-does-not-exist";
        SQSBatchResponse response = worker.handleRequest(batch(order("unusable"), order("a")), null);

        assertEquals(List.of("m0"), failed(response));
        assertEquals(List.of("a"), worker.handled);
    }

    @Test
    void theReceiveCount_isReadOnce_andAMissingOrUnreadableOneIsTheFirstDelivery() {
        assertEquals(3, Delivery.of(message("x", "", "3")).receiveCount());
        assertEquals(1, Delivery.of(message("x", "", null)).receiveCount());
        assertEquals(1, Delivery.of(message("x", "", "three")).receiveCount());
        assertEquals("x", Delivery.of(message("x", "", "1")).messageId());
    }

    @Test
    void eachMessage_isHandledWithItsIdInTheLoggingContext_clearedAfterwards() {
        Worker worker = new Worker(context);
        worker.handleRequest(batch(order("a"), order("runtime"), order("b")), null);
        assertEquals(List.of("m0", "m1", "m2"), worker.contexts);
        assertEquals(null, MDC.get("messageId"));
    }

    @Test
    void eachMessage_runsAsTheWorkersRoute_namingItsOwnTenant_andTheRouteEndsWithTheBatch() {
        for (Worker worker : List.of(new Worker(context), new AtOnceWorker(context))) {
            worker.handleRequest(
                    batch(
                            "{\"item\": \"a\", \"tenantId\": \"ten_A\"}",
                            "{\"item\": \"b\", \"tenantId\": \"ten_B\"}",
                            order("no-tenant")),
                    null);
            String route = FunctionMetrics.nameOf(worker.getClass());
            assertEquals(List.of(route, route, route), worker.routes);
            Map<String, String> expected = new HashMap<>(Map.of("a", "ten_A", "b", "ten_B"));
            expected.put("no-tenant", null);
            assertEquals(expected, worker.tenantOfItem);
            assertTrue(context.getBean(CurrentRoute.class).get().isEmpty());
            assertNull(MDC.get(AwsCallSpans.LOGGED_TENANT));
        }
    }

    @Test
    void handledAtOnce_aMessageThatWaitsOnANeighbour_isNotHeldBack_andEachStillEndsOnItsOwn() {
        Worker worker = new AtOnceWorker(context);
        SQSBatchResponse response = worker.handleRequest(
                batch(order("wait"), order("runtime"), order("unusable"), order("release"), order("c")), null);

        assertEquals(List.of("m1"), failed(response));
        assertEquals(Set.of("wait", "release", "c"), Set.copyOf(worker.handled));
        assertEquals(1, deadLettered().size());
        assertEquals(Set.of("m0", "m1", "m2", "m3", "m4"), Set.copyOf(worker.contexts), "each with its own id");
        assertEquals(null, MDC.get("messageId"));
    }

    @Test
    void handledInTurn_theSameBatch_holdsTheWaitingMessageBackUntilItFails() {
        Worker worker = new Worker(context);
        SQSBatchResponse response = worker.handleRequest(
                batch(order("wait"), order("runtime"), order("unusable"), order("release"), order("c")), null);

        assertEquals(List.of("m0", "m1"), failed(response), "'wait' came before its release, and gave up");
        assertEquals(List.of("release", "c"), worker.handled);
    }

    @Test
    void anEmptyOrMissingBatch_reportsNoFailure() {
        Worker worker = new Worker(context);
        assertEquals(List.of(), worker.handleRequest(new SQSEvent(), null).getBatchItemFailures());
        assertEquals(List.of(), worker.handleRequest(batch(), null).getBatchItemFailures());
    }

    @Test
    void aBatch_isOneLineOfMetrics_messagesFailuresDeadLettersAndTheOldestAge() {
        Worker worker = new Worker(context);
        SQSEvent event = batch(order("fine"), order("runtime"), order("unusable"));
        long sent = System.currentTimeMillis() - 5_000;
        event.getRecords()
                .get(1)
                .setAttributes(Map.of(Delivery.RECEIVE_COUNT, "1", Delivery.SENT_TIMESTAMP, Long.toString(sent)));

        var captured = EmfOutput.capture(() -> worker.execute(event));

        assertEquals(List.of("m1"), failed(captured.result()));
        JsonNode line = captured.only();
        assertEquals(List.of("Service", "Service,Worker"), EmfOutput.dimensionSets(line));
        assertEquals("Worker", line.path("Worker").asText());
        assertEquals(3.0, line.path("Messages").asDouble());
        assertEquals(1.0, line.path("MessageFailures").asDouble());
        assertEquals(1.0, line.path("MessagesDeadLettered").asDouble());
        assertEquals("Milliseconds", EmfOutput.unit(line, "OldestMessageAge"));
        assertTrue(line.path("OldestMessageAge").asDouble() >= 5_000, line::toString);
        assertEquals(1.0, line.path("ColdStarts").asDouble());

        // An empty batch (priming's) writes nothing; the next batch is no cold start.
        assertTrue(EmfOutput.capture(() -> worker.execute(batch())).lines().isEmpty());
        JsonNode next =
                EmfOutput.capture(() -> worker.execute(batch(order("fine")))).only();
        assertEquals(1.0, next.path("Messages").asDouble());
        assertFalse(next.has("ColdStarts") || next.has("MessageFailures") || next.has("OldestMessageAge"));
    }

    @Test
    void sentTimestamp_isReadFromTheAttributes_orMinusOne() {
        SQSEvent.SQSMessage message = message("x", "", "1");
        assertEquals(-1, Delivery.of(message).sentTimestamp());
        message.setAttributes(Map.of(Delivery.SENT_TIMESTAMP, "1700000000000"));
        assertEquals(1_700_000_000_000L, Delivery.of(message).sentTimestamp());
        message.setAttributes(Map.of(Delivery.SENT_TIMESTAMP, "soon"));
        assertEquals(-1, Delivery.of(message).sentTimestamp());
    }
}
