package io.tenantry.outbox.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.testing.EventFilesSuite;
import io.tenantry.shared.testing.Queues;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The relays answer their sample events: the outbox relay's (one outbox insert) without a failure, its message on
 * its queue; the media upload relay's (an S3 upload), the upload on the media worker's queue in its tenant's group,
 * the record as S3 wrote it.
 */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.outbox");
    }

    @Override
    protected void answers(FunctionUnderTest function, Object handler) throws Exception {
        if (handler instanceof MediaUploadRelayHandler relay) {
            answersAnUpload(function, relay);
            return;
        }
        DynamodbEvent event = Events.load(function.eventFile(), DynamodbEvent.class);
        String queueUrl = context()
                .getProperty("tenantry.webhook.events.queue", String.class)
                .orElseThrow();
        Queues.takeAll(aws(), queueUrl);

        StreamsEventResponse response = ((OutboxStreamHandler) handler).handleRequest(event, null);

        assertEquals(List.of(), response.getBatchItemFailures());
        List<Message> sent = Queues.takeAll(aws(), queueUrl);
        assertEquals(1, sent.size());
        assertEquals(
                event.getRecords()
                        .getFirst()
                        .getDynamodb()
                        .getNewImage()
                        .get("body")
                        .getS(),
                sent.getFirst().body());
        assertEquals(
                "ten_01JD3Q5R7C0000000000000001",
                sent.getFirst().attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
    }

    @SuppressWarnings("unchecked")
    private void answersAnUpload(FunctionUnderTest function, MediaUploadRelayHandler relay) throws Exception {
        JsonNode written = new ObjectMapper().readTree(function.eventFile().toFile());
        String queueUrl = aws().resources().queueUrl("MediaQueue");
        Queues.takeAll(aws(), queueUrl);

        relay.handleRequest(new ObjectMapper().convertValue(written, Map.class), null);

        List<Message> sent = Queues.takeAll(aws(), queueUrl);
        assertEquals(1, sent.size(), sent::toString);
        assertEquals(written, new ObjectMapper().readTree(sent.getFirst().body()));
        assertEquals(
                "ten_01JD3Q5R7C0000000000000001",
                sent.getFirst().attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
    }
}
