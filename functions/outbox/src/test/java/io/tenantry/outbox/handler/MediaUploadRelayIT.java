package io.tenantry.outbox.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.testing.Queues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The media upload relay against ElasticMQ: each upload of an S3 notification reaches the media worker's queue as a
 * notification of its own, in its own tenant's message group, the record as S3 wrote it; what is not an upload under
 * {@code tenants/<tenant id>/} is left out, beside the uploads of the same notification that go through.
 */
@EmulatedAws
class MediaUploadRelayIT {
    static final String TENANT_A = "ten_01JD3Q5R7C0000000000000001";
    static final String TENANT_B = "ten_01JD3Q5R7C0000000000000002";
    static AwsEnvironment aws;
    static ApplicationContext context;
    static MediaUploadRelayHandler handler;
    static String mediaQueue;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("MediaUploadRelayFunction"));
        context = ApplicationContext.run(properties);
        handler = new MediaUploadRelayHandler(context);
        mediaQueue = aws.resources().queueUrl("MediaQueue");
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void drain() {
        Queues.takeAll(aws, mediaQueue);
    }

    static Map<String, Object> record(String eventName, String key) {
        return Map.of(
                "eventSource",
                "aws:s3",
                "eventName",
                eventName,
                "s3",
                Map.of("bucket", Map.of("name", "tenantry-mediabucket"), "object", Map.of("key", key, "size", 7)));
    }

    static String upload(String tenant, String media) {
        return "tenants/" + tenant + "/media/" + media + "/original";
    }

    @Test
    void eachUpload_goesInItsTenantsGroup_asS3WroteIt_andWhatIsNotAnUploadIsLeftOut() throws Exception {
        Map<String, Object> fromA = record("ObjectCreated:Put", upload(TENANT_A, "med_01JD3Q5R7C0000000000000M01"));
        Map<String, Object> fromB =
                record("ObjectCreated:CompleteMultipartUpload", upload(TENANT_B, "med_01JD3Q5R7C0000000000000M02"));
        List<Map<String, Object>> records = List.of(
                fromA,
                record("ObjectRemoved:Delete", upload(TENANT_A, "med_01JD3Q5R7C0000000000000M03")),
                record("ObjectCreated:Put", "elsewhere/" + TENANT_A + "/original"),
                record("ObjectCreated:Put", "tenants/not-a-tenant/media/m/original"),
                fromB);

        SQSBatchResponse response = handler.handleRequest(event(Map.of("Records", records)), null);

        assertEquals(List.of(), response.getBatchItemFailures());

        List<Message> sent = Queues.takeAll(aws, mediaQueue);
        assertEquals(2, sent.size(), sent::toString);
        Map<String, Object> byGroup = sent.stream()
                .collect(Collectors.toMap(
                        m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID), Message::body));
        ObjectMapper json = new ObjectMapper();
        assertEquals(
                json.valueToTree(Map.of("Records", List.of(fromA))),
                json.readTree(String.valueOf(byGroup.get(TENANT_A))));
        assertEquals(
                json.valueToTree(Map.of("Records", List.of(fromB))),
                json.readTree(String.valueOf(byGroup.get(TENANT_B))));
    }

    /**
     * A message that is not an S3 event notification can never be relayed: it goes to the dead-letter queue at once,
     * beside an upload of the same batch that goes through; S3's test event is acknowledged and sends nothing.
     */
    @Test
    void aMessageThatIsNoNotification_isDeadLettered_whileAnUploadOfTheSameBatchGoesThrough() throws Exception {
        String deadLetters = aws.resources().queueUrl("MediaUploadRelayDeadLetterQueue");
        Queues.takeAll(aws, deadLetters);
        SQSEvent batch = event(
                Map.of(
                        "Records",
                        List.of(record("ObjectCreated:Put", upload(TENANT_A, "med_01JD3Q5R7C0000000000000M04")))),
                Map.of("detail", "not a notification"),
                Map.of("Service", "Amazon S3", "Event", "s3:TestEvent"));

        SQSBatchResponse response = handler.handleRequest(batch, null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(1, Queues.takeAll(aws, mediaQueue).size());
        List<Message> dead = Queues.takeAll(aws, deadLetters);
        assertEquals(1, dead.size(), dead::toString);
        assertEquals("{\"detail\":\"not a notification\"}", dead.getFirst().body());
    }

    /**
     * Priming sends the priming tenant's upload through the relay's whole path to its send, which is stopped before it
     * leaves, in every round: nothing reaches the media worker's queue, nor the dead-letter queue; the first upload
     * after it is relayed.
     */
    @Test
    void theSnapStartHook_sendsNothing_andTheFirstUploadAfterItIsRelayed() throws Exception {
        String deadLetters = aws.resources().queueUrl("MediaUploadRelayDeadLetterQueue");
        Queues.takeAll(aws, deadLetters);
        PrimingGuard guard = context.getBean(PrimingGuard.class);
        Priming priming = context.getBean(Priming.class);
        int stopsBefore = guard.stops();
        int failuresBefore = priming.failures();

        handler.beforeCheckpoint(null);

        assertTrue(guard.stops() - stopsBefore >= 20, "the relay's send, stopped in every round");
        assertEquals(failuresBefore, priming.failures(), "no priming step failed");
        assertEquals(List.of(), Queues.takeAll(aws, mediaQueue));
        assertEquals(List.of(), Queues.takeAll(aws, deadLetters));

        SQSBatchResponse response = handler.handleRequest(
                event(Map.of(
                        "Records",
                        List.of(record("ObjectCreated:Put", upload(TENANT_A, "med_01JD3Q5R7C0000000000000M05"))))),
                null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(1, Queues.takeAll(aws, mediaQueue).size());
    }

    /** The SQS event of messages with these bodies. */
    static SQSEvent event(Map<?, ?>... bodies) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<SQSEvent.SQSMessage> messages = new java.util.ArrayList<>();
        for (Map<?, ?> body : bodies) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(java.util.UUID.randomUUID().toString());
            message.setBody(json.writeValueAsString(body));
            message.setAttributes(
                    Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "" + System.currentTimeMillis()));
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }
}
