package io.tenantry.outbox.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.testing.EventFilesSuite;
import io.tenantry.shared.testing.Queues;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The relays answer their sample events: the outbox relay's (one outbox insert) without a failure, its message on
 * its queue; the media upload relay, a queue worker, without a batch item failure (MediaUploadRelayIT checks what it
 * sends).
 */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.outbox");
    }

    @Override
    protected void answers(FunctionUnderTest function, Object handler) {
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
}
