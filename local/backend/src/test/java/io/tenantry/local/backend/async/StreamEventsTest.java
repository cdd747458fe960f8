package io.tenantry.local.backend.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.emulators.LambdaSerialization;
import io.tenantry.local.function.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event a Java relay gets: what the poller builds reads back, through the Lambda runtime's own serializers, as
 * the {@code DynamodbEvent} a handler declares, and the {@code StreamsEventResponse} it answers is what the poller
 * reads its failures from.
 */
class StreamEventsTest {
    private static final Instant CREATED = Instant.parse("2026-12-06T01:45:27Z");

    /** A record as {@code GetRecords} answers it, in DynamoDB JSON, created at {@link #CREATED} (with a fraction). */
    private static JsonNode insert(String sk, String sequenceNumber) {
        return Json.tryParse("""
                {"awsRegion": "ddblocal", "eventID": "e-%2$s", "eventName": "INSERT", "eventSource": "aws:dynamodb",
                 "eventVersion": "1.1",
                 "dynamodb": {"ApproximateCreationDateTime": %3$s,
                   "Keys": {"PK": {"S": "TENANT#t1"}, "SK": {"S": "%1$s"}},
                   "NewImage": {"PK": {"S": "TENANT#t1"}, "SK": {"S": "%1$s"}, "attempt": {"N": "2"},
                     "detail": {"M": {"ok": {"BOOL": true}}}, "empty": {"L": []}, "none": {},
                     "nested": {"L": [{"M": {"deeper": {}}}, {}]}},
                   "SequenceNumber": "%2$s", "SizeBytes": 60, "StreamViewType": "NEW_IMAGE"},
                 "userIdentity": {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}}
                """.formatted(sk, sequenceNumber, CREATED.getEpochSecond() + ".25"));
    }

    @Test
    void theEvent_readsBackAsTheRuntimesDynamodbEvent() {
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-12-06T01:00:00.000";
        byte[] event = Json.bytes(StreamEvents.event(List.of(
                StreamEvents.record(insert("OUTBOX#1", "100"), arn),
                StreamEvents.record(insert("OUTBOX#2", "200"), arn))));

        DynamodbEvent read =
                LambdaSerialization.serializer(DynamodbEvent.class).fromJson(new ByteArrayInputStream(event));

        assertEquals(2, read.getRecords().size());
        DynamodbEvent.DynamodbStreamRecord first = read.getRecords().getFirst();
        assertEquals("INSERT", first.getEventName());
        assertEquals("us-east-1", first.getAwsRegion(), "the local region, not DynamoDB Local's own");
        assertEquals(arn, first.getEventSourceARN());
        assertEquals("OUTBOX#1", first.getDynamodb().getKeys().get("SK").getS());
        assertEquals("2", first.getDynamodb().getNewImage().get("attempt").getN());
        assertTrue(
                first.getDynamodb().getNewImage().get("detail").getM().get("ok").getBOOL());
        assertEquals("100", first.getDynamodb().getSequenceNumber());
        assertEquals(
                CREATED, first.getDynamodb().getApproximateCreationDateTime().toInstant());
        assertEquals("200", read.getRecords().get(1).getDynamodb().getSequenceNumber());
        assertTrue(first.getDynamodb().getNewImage().get("empty").getL().isEmpty(), "an empty list stays a list");
        assertTrue(
                first.getDynamodb().getNewImage().get("none").getM().isEmpty(),
                "DynamoDB Local's {} is an empty map again");
        assertEquals(
                Json.tryParse("{\"L\": [{\"M\": {\"deeper\": {\"M\": {}}}}, {\"M\": {}}]}"),
                Json.tryParse(event).at("/Records/0/dynamodb/NewImage/nested"),
                "at any depth, in maps and lists");
        assertEquals("Service", first.getUserIdentity().getType());
        assertEquals("dynamodb.amazonaws.com", first.getUserIdentity().getPrincipalId());
    }

    @Test
    void theRuntimesStreamsEventResponse_isTheBatchItemFailuresThePollerReads() {
        StreamsEventResponse response =
                new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure("200")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        LambdaSerialization.serializer(StreamsEventResponse.class).toJson(response, out);

        assertEquals(
                "200",
                Json.tryParse(out.toString(StandardCharsets.UTF_8))
                        .at("/batchItemFailures/0/itemIdentifier")
                        .asText());
    }
}
