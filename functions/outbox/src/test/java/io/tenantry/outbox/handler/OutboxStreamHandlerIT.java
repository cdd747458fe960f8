package io.tenantry.outbox.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.outbox.service.OutboxRelay;
import io.tenantry.shared.data.OutboxMessage;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.testing.Queues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The relay against ElasticMQ: every outbox insert of a batch reaches its queue, in order; an item no retry can send
 * is skipped; a send that fails stops the batch at that record (answered as its failure) and sends nothing after it.
 */
@EmulatedAws
class OutboxStreamHandlerIT {
    static final AtomicLong SEQUENCE = new AtomicLong(1_000);
    static AwsEnvironment aws;
    static ApplicationContext context;
    static OutboxStreamHandler handler;
    static String webhookEvents;
    static String invoices;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("OutboxRelayFunction"));
        context = ApplicationContext.run(properties);
        handler = new OutboxStreamHandler(context);
        webhookEvents = String.valueOf(properties.get("tenantry.webhook.events.queue"));
        invoices = String.valueOf(properties.get("tenantry.invoices.queue"));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void drain() {
        Queues.takeAll(aws, webhookEvents);
        Queues.takeAll(aws, invoices);
    }

    static DynamodbEvent.DynamodbStreamRecord insert(String destination, String body) {
        Map<String, AttributeValue> image = new HashMap<>();
        image.put("PK", new AttributeValue().withS("TENANT#ten_relay"));
        image.put("SK", new AttributeValue().withS(OutboxMessage.PREFIX + Ids.outboxId()));
        image.put("destination", new AttributeValue().withS(destination));
        image.put("groupId", new AttributeValue().withS("ten_relay"));
        image.put("body", new AttributeValue().withS(body));
        image.put("delaySeconds", new AttributeValue().withN("0"));
        image.put("createdAt", new AttributeValue().withS(Instant.now().toString()));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(new StreamRecord()
                .withNewImage(image)
                .withKeys(Map.of("PK", image.get("PK"), "SK", image.get("SK")))
                .withSequenceNumber(Long.toString(SEQUENCE.incrementAndGet())));
        return record;
    }

    static DynamodbEvent batch(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(records));
        return event;
    }

    static List<String> bodies(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        for (Message m : Queues.takeAll(aws, queueUrl)) {
            bodies.add(m.body());
        }
        return bodies;
    }

    @Test
    void everyInsert_reachesItsQueue() {
        StreamsEventResponse response = handler.handleRequest(
                batch(
                        insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":1}"),
                        insert(OutboxMessage.INVOICES, "{\"n\":2}"),
                        insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":3}")),
                null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(List.of("{\"n\":1}", "{\"n\":3}"), bodies(webhookEvents));
        assertEquals(List.of("{\"n\":2}"), bodies(invoices));
    }

    @Test
    void anUnusableItem_isSkipped_andTheRecordsAfterItStillGo() {
        DynamodbEvent.DynamodbStreamRecord unusable = insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":2}");
        unusable.getDynamodb().getNewImage().put("destination", new AttributeValue().withS("nowhere"));

        StreamsEventResponse response = handler.handleRequest(
                batch(
                        insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":1}"),
                        unusable,
                        insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":3}")),
                null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(List.of("{\"n\":1}", "{\"n\":3}"), bodies(webhookEvents));
    }

    @Test
    void aFailedSend_stopsTheBatchThere_andTheSameBatchGoesWhenTheQueueIsBack() {
        OutboxStreamHandler broken = new OutboxStreamHandler(context);
        broken.relay = new OutboxRelay(
                context.getBean(software.amazon.awssdk.services.sqs.SqsClient.class), webhookEvents, "", "", "");
        DynamodbEvent.DynamodbStreamRecord failing = insert(OutboxMessage.INVOICES, "{\"n\":2}");
        DynamodbEvent event = batch(
                insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":1}"),
                failing,
                insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":3}"));

        StreamsEventResponse refused = broken.handleRequest(event, null);

        assertEquals(1, refused.getBatchItemFailures().size());
        assertEquals(
                failing.getDynamodb().getSequenceNumber(),
                refused.getBatchItemFailures().getFirst().getItemIdentifier());
        assertEquals(List.of("{\"n\":1}"), bodies(webhookEvents), "nothing after the failed record was sent");

        StreamsEventResponse retried = handler.handleRequest(
                batch(event.getRecords().subList(1, 3).toArray(DynamodbEvent.DynamodbStreamRecord[]::new)), null);
        assertEquals(List.of(), retried.getBatchItemFailures());
        assertEquals(List.of("{\"n\":2}"), bodies(invoices));
        assertEquals(List.of("{\"n\":3}"), bodies(webhookEvents));
    }

    @Test
    void recordsThatAreNotOutboxInserts_areLeftAlone() {
        DynamodbEvent.DynamodbStreamRecord modify = insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":1}");
        modify.setEventName("MODIFY");
        DynamodbEvent.DynamodbStreamRecord other = insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":2}");
        other.getDynamodb().getNewImage().put("SK", new AttributeValue().withS("PROJECT#prj_x"));

        StreamsEventResponse response =
                handler.handleRequest(batch(modify, other, insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":3}")), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(List.of("{\"n\":3}"), bodies(webhookEvents));
    }

    @Test
    void theSnapStartHook_sendsNothing_andTheFirstBatchAfterItIsRelayed() {
        OutboxStreamHandler fresh = new OutboxStreamHandler(context);
        PrimingGuard guard = context.getBean(PrimingGuard.class);
        Priming priming = context.getBean(Priming.class);
        int stopsBefore = guard.stops();
        int failuresBefore = priming.failures();

        fresh.beforeCheckpoint(null);

        assertTrue(guard.stops() - stopsBefore >= 20, "the priming item's send, stopped in every round");
        assertEquals(failuresBefore, priming.failures(), "no priming step failed");
        assertEquals(List.of(), bodies(webhookEvents));
        assertEquals(List.of(), bodies(invoices));

        StreamsEventResponse response =
                fresh.handleRequest(batch(insert(OutboxMessage.WEBHOOK_EVENTS, "{\"n\":1}")), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(List.of("{\"n\":1}"), bodies(webhookEvents));
    }
}
