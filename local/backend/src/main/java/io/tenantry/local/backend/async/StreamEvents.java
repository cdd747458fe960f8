package io.tenantry.local.backend.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.Arns;
import io.tenantry.local.template.Intrinsics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * The JSON Lambda builds from DynamoDB stream records: the {@code DynamodbEvent} a function gets (attribute values in
 * DynamoDB JSON, {@code ApproximateCreationDateTime} in epoch seconds, {@code eventVersion} 1.1 whatever the emulator
 * says), and the invocation record an {@code OnFailure} destination gets when a batch's retries are exhausted.
 */
final class StreamEvents {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StreamEvents() {}

    /** One element of the event's {@code Records}: what the function sees, and what filters are applied to. */
    static ObjectNode record(Record record, String streamArn) {
        ObjectNode node = Json.object();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventVersion", "1.1");
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", Intrinsics.REGION);
        StreamRecord change = record.dynamodb();
        ObjectNode dynamodb = node.putObject("dynamodb");
        if (change.approximateCreationDateTime() != null) {
            dynamodb.put(
                    "ApproximateCreationDateTime",
                    change.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.set("Keys", item(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", item(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", item(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        dynamodb.put("SizeBytes", change.sizeBytes());
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        if (record.userIdentity() != null) {
            ObjectNode identity = node.putObject("userIdentity");
            identity.put("type", record.userIdentity().type());
            identity.put("principalId", record.userIdentity().principalId());
        }
        node.put("eventSourceARN", streamArn);
        return node;
    }

    /** The event of a batch: {@code {"Records": [...]}}. */
    static ObjectNode event(List<ObjectNode> records) {
        ObjectNode event = Json.object();
        event.putArray("Records").addAll(records);
        return event;
    }

    /** An item (or its keys) in DynamoDB JSON. */
    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = Json.object();
        item.forEach((name, value) -> node.set(name, attribute(value)));
        return node;
    }

    /** One attribute value in DynamoDB JSON: {@code {"S": "x"}}, {@code {"N": "1"}}, {@code {"B": "<base64>"}}… */
    static ObjectNode attribute(AttributeValue value) {
        ObjectNode node = Json.object();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case SS -> strings(node.putArray("SS"), value.ss());
            case NS -> strings(node.putArray("NS"), value.ns());
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(base64(b)));
            case M -> node.set("M", item(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(attribute(element)));
            }
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            default -> throw new IllegalArgumentException("An attribute value of an unknown type: " + value);
        }
        return node;
    }

    /**
     * The invocation record an {@code OnFailure} destination receives for a batch whose retries are exhausted, as the
     * Lambda documentation describes it (the records themselves are not in it: they stay in the stream, 24 hours).
     */
    static ObjectNode failure(
            String functionLogicalId,
            String requestId,
            int invokeCount,
            boolean functionError,
            String shardId,
            String streamArn,
            List<ObjectNode> batch) {
        ObjectNode record = Json.object();
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", requestId);
        request.put("functionArn", Arns.function(functionLogicalId));
        request.put("condition", "RetryAttemptsExhausted");
        request.put("approximateInvokeCount", invokeCount);
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        if (functionError) {
            response.put("functionError", "Unhandled");
        }
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        ObjectNode info = record.putObject("DDBStreamBatchInfo");
        JsonNode first = batch.getFirst().path("dynamodb");
        JsonNode last = batch.getLast().path("dynamodb");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", first.path("SequenceNumber").asText());
        info.put("endSequenceNumber", last.path("SequenceNumber").asText());
        info.put("approximateArrivalOfFirstRecord", arrival(first));
        info.put("approximateArrivalOfLastRecord", arrival(last));
        info.put("batchSize", batch.size());
        info.put("streamArn", streamArn);
        return record;
    }

    private static String arrival(JsonNode dynamodb) {
        JsonNode seconds = dynamodb.get("ApproximateCreationDateTime");
        return seconds == null ? null : Instant.ofEpochSecond(seconds.asLong()).toString();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(v -> array.add(NODES.textNode(v)));
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
