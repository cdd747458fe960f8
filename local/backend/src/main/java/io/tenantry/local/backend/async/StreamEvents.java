package io.tenantry.local.backend.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.Arns;
import io.tenantry.local.template.Intrinsics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The JSON Lambda builds from DynamoDB stream records: the {@code DynamodbEvent} a function gets (attribute values in
 * DynamoDB JSON, {@code ApproximateCreationDateTime} in epoch seconds, {@code eventVersion} 1.1 whatever the emulator
 * says), and the invocation record an {@code OnFailure} destination gets when a batch's retries are exhausted.
 */
final class StreamEvents {
    private StreamEvents() {}

    /**
     * One element of the event's {@code Records}, from a record as {@code GetRecords} answers it in DynamoDB JSON:
     * what the function sees, and what filters are applied to. Keys and images are passed on untouched, as Lambda
     * does.
     */
    static ObjectNode record(JsonNode record, String streamArn) {
        ObjectNode node = Json.object();
        node.put("eventID", record.path("eventID").asText());
        node.put("eventName", record.path("eventName").asText());
        node.put("eventVersion", "1.1");
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", Intrinsics.REGION);
        JsonNode change = record.path("dynamodb");
        ObjectNode dynamodb = node.putObject("dynamodb");
        JsonNode created = change.get("ApproximateCreationDateTime");
        if (created != null && created.isNumber()) {
            dynamodb.put("ApproximateCreationDateTime", (long) created.asDouble());
        }
        dynamodb.set("Keys", item(change.path("Keys")));
        for (String image : List.of("NewImage", "OldImage")) {
            if (change.has(image)) {
                dynamodb.set(image, item(change.get(image)));
            }
        }
        dynamodb.put("SequenceNumber", change.path("SequenceNumber").asText());
        dynamodb.put("SizeBytes", change.path("SizeBytes").asLong());
        dynamodb.put("StreamViewType", change.path("StreamViewType").asText());
        JsonNode identity = record.get("userIdentity");
        if (identity != null && identity.isObject()) {
            ObjectNode copy = node.putObject("userIdentity");
            copy.put("type", identity.path("Type").asText(identity.path("type").asText()));
            copy.put(
                    "principalId",
                    identity.path("PrincipalId")
                            .asText(identity.path("principalId").asText()));
        }
        node.put("eventSourceARN", streamArn);
        return node;
    }

    /**
     * An item (or its keys) as DynamoDB writes it. DynamoDB Local's streams write an empty map as {@code {}}, an
     * attribute value of no type, at any depth (an empty list, string or binary keeps its type): it becomes
     * {@code {"M": {}}} again, as DynamoDB sends it.
     */
    static ObjectNode item(JsonNode item) {
        ObjectNode copy = Json.object();
        item.properties().forEach(e -> copy.set(e.getKey(), attribute(e.getValue())));
        return copy;
    }

    private static JsonNode attribute(JsonNode value) {
        if (value.isObject() && value.isEmpty()) {
            ObjectNode map = Json.object();
            map.putObject("M");
            return map;
        }
        if (value.path("M").isObject()) {
            ObjectNode map = Json.object();
            map.set("M", item(value.get("M")));
            return map;
        }
        if (value.path("L").isArray()) {
            ObjectNode list = Json.object();
            ArrayNode elements = list.putArray("L");
            value.get("L").forEach(element -> elements.add(attribute(element)));
            return list;
        }
        return value.deepCopy();
    }

    /** The event of a batch: {@code {"Records": [...]}}. */
    static ObjectNode event(List<ObjectNode> records) {
        ObjectNode event = Json.object();
        event.putArray("Records").addAll(records);
        return event;
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
}
