package io.tenantry.outbox.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.emulators.LambdaSerialization;
import io.tenantry.local.testkit.Events;
import io.tenantry.shared.json.EventJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay reads its stream batch and writes its answer itself ({@link DynamodbStreamJson}): what it reads
 * must be what the runtime read, with the runtime's mix-ins, and what Lambda reads of its answer what it wrote. Each
 * case is checked against the runtime's own serialisers ({@link LambdaSerialization}).
 */
class DynamodbStreamJsonTest {
    private static final ObjectMapper TREE = new ObjectMapper();
    static ApplicationContext context;
    static EventJson json;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        json = context.getBean(EventJson.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theRepositorysStreamEvent_readsAsTheRuntimeReadsIt() throws IOException {
        String file = "events/outbox/OutboxRelayFunction.json";
        DynamodbEvent theirs = Events.load(file, DynamodbEvent.class);

        DynamodbEvent ours = json.read(bytes(Events.json(file)), DynamodbEvent.class);

        assertEquals(theirs, withViewTypeOf(theirs, ours));
        assertEquals(
                "OUTBOX#obx_01JD3Q5R7C0000000000000003",
                ours.getRecords().get(0).getDynamodb().getNewImage().get("SK").getS());
    }

    @Test
    void aStreamRecord_ofEveryAttributeType_readsAsTheRuntimeReadsIt_andWritesBackSo() throws IOException {
        String stream = """
                {"Records": [{"eventID": "e1", "eventName": "MODIFY", "eventVersion": "1.1",
                  "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
                  "userIdentity": {"principalId": "dynamodb.amazonaws.com", "type": "Service"},
                  "dynamodb": {"ApproximateCreationDateTime": 1763839890.123,
                    "Keys": {"PK": {"S": "TENANT#t"}, "SK": {"S": "OUTBOX#o"}},
                    "NewImage": {"s": {"S": "x"}, "n": {"N": "1.5"}, "b": {"B": "AAEC"},
                      "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}, "bs": {"BS": ["AA==", "AQ=="]},
                      "m": {"M": {"inner": {"S": "y"}, "deeper": {"L": [{"N": "3"}, {"NULL": true}]}}},
                      "l": {"L": [{"BOOL": false}, {"S": "z"}]}, "nil": {"NULL": true}, "yes": {"BOOL": true}},
                    "OldImage": {"s": {"S": "w"}},
                    "SequenceNumber": "111", "SizeBytes": 26, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                  "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/s",
                  "addedByAFutureLambda": 1}]}
                """;

        DynamodbEvent ours = json.read(bytes(stream), DynamodbEvent.class);

        DynamodbEvent theirs =
                LambdaSerialization.serializer(DynamodbEvent.class).fromJson(stream);
        assertEquals(theirs, withViewTypeOf(theirs, ours));
        var change = ours.getRecords().get(0).getDynamodb();
        assertEquals(1763839890123L, change.getApproximateCreationDateTime().getTime());
        assertEquals("y", change.getNewImage().get("m").getM().get("inner").getS());
        assertEquals(List.of("a", "b"), change.getNewImage().get("ss").getSS());
        assertEquals(
                ByteBuffer.wrap(new byte[] {0, 1, 2}),
                change.getNewImage().get("b").getB());
        assertEquals(
                "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/s",
                ours.getRecords().get(0).getEventSourceARN());
        byte[] written = json.write(ours);
        assertEquals(ours, withViewTypeOf(ours, json.read(new ByteArrayInputStream(written), DynamodbEvent.class)));
        assertEquals(
                ours, LambdaSerialization.serializer(DynamodbEvent.class).fromJson(new ByteArrayInputStream(written)));
    }

    @Test
    void theRelaysAnswer_namesTheRecordToResumeFrom_asLambdaReadsIt() throws IOException {
        StreamsEventResponse stopped = StreamsEventResponse.builder()
                .withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier("111")
                        .build()))
                .build();

        JsonNode answer = TREE.readTree(json.write(stopped));

        assertEquals("111", answer.at("/batchItemFailures/0/itemIdentifier").asText(), answer::toString);
        assertEquals(
                stopped,
                LambdaSerialization.serializer(StreamsEventResponse.class)
                        .fromJson(new ByteArrayInputStream(json.write(stopped))));
    }

    /**
     * {@code ours}, given the one value of a stream event the mapper does not read, from {@code theirs}: {@code
     * StreamViewType}, whose class takes an enum but gives a string, so that it is no property to the mapper. Nothing
     * reads it (the outbox relay reads the new image, which its stream always has).
     */
    private static DynamodbEvent withViewTypeOf(DynamodbEvent theirs, DynamodbEvent ours) {
        List<DynamodbEvent.DynamodbStreamRecord> records = theirs.getRecords();
        for (int i = 0; i < records.size(); i++) {
            var change = ours.getRecords().get(i).getDynamodb();
            assertNull(change.getStreamViewType());
            change.setStreamViewType(
                    StreamViewType.fromValue(records.get(i).getDynamodb().getStreamViewType()));
        }
        return ours;
    }

    private static InputStream bytes(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
