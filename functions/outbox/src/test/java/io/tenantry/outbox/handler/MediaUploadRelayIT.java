package io.tenantry.outbox.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
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
 * The media upload relay against ElasticMQ: each upload of an S3 event reaches the media worker's queue as a
 * notification of its own, in its own tenant's message group, the record as S3 wrote it; what is not an upload under
 * {@code tenants/<tenant id>/} is left out, beside the uploads of the same event that go through.
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

        handler.handleRequest(Map.of("Records", records), null);

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

    /** A payload that is no S3 event fails the invocation: Lambda retries it, then keeps it in the dead letters. */
    @Test
    void anEventWithoutRecords_failsTheInvocation_andSendsNothing_whileAnUploadGoesThrough() {
        assertThrows(IllegalArgumentException.class, () -> handler.handleRequest(Map.of("detail", "x"), null));
        assertEquals(List.of(), Queues.takeAll(aws, mediaQueue));

        handler.handleRequest(
                Map.of(
                        "Records",
                        List.of(record("ObjectCreated:Put", upload(TENANT_A, "med_01JD3Q5R7C0000000000000M04")))),
                null);
        assertEquals(1, Queues.takeAll(aws, mediaQueue).size());
    }
}
