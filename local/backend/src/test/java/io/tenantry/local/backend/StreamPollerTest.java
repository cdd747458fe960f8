package io.tenantry.local.backend;

import static io.tenantry.local.backend.AsyncWiringTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.backend.testfunctions.Recorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The wiring template's outbox mapping (OutboxTable's stream → OutboxRelayFunction, configured as the real template's
 * relay but with two retries and a one-second batching window): what reaches the function, in what shape, and what
 * happens to a batch the function fails, partly or wholly. Every item of a test has its own partition key.
 */
class StreamPollerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static TestBackends.Running backend;
    static DynamoDbClient dynamoDb;
    static SqsClient sqs;
    static String table;

    @BeforeAll
    static void start() {
        backend = TestBackends.wiring();
        dynamoDb = backend.backend().clients().dynamoDb();
        sqs = backend.backend().clients().sqs();
        table = backend.backend().resources().tableName("OutboxTable");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String behaviour) {
        return Map.of("PK", s(pk), "SK", s(sk), "behaviour", s(behaviour));
    }

    private static void put(Map<String, AttributeValue> item) {
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    /** The events the relay was invoked with that carry a record of {@code pk}, in order. */
    private static List<JsonNode> invocationsFor(String pk) {
        List<JsonNode> events = new ArrayList<>();
        for (Object text : Recorded.of("OutboxRelay")) {
            JsonNode event = parse(text.toString());
            for (JsonNode record : event.path("Records")) {
                if (pk.equals(record.at("/dynamodb/Keys/PK/S").asText())) {
                    events.add(event);
                    break;
                }
            }
        }
        return events;
    }

    /** The records of {@code pk} the relay was given, one per delivery, in order. */
    private static List<JsonNode> recordsFor(String pk) {
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode event : invocationsFor(pk)) {
            for (JsonNode record : event.path("Records")) {
                if (pk.equals(record.at("/dynamodb/Keys/PK/S").asText())) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static long deliveries(String pk, String sk) {
        return recordsFor(pk).stream()
                .filter(r -> sk.equals(r.at("/dynamodb/Keys/SK/S").asText()))
                .count();
    }

    /** How many invocations carried {@code pk}'s {@code sk} and no poison: the ones that could succeed. */
    private static long successes(String pk, String sk) {
        return invocationsFor(pk).stream()
                .filter(e -> e.toString().contains("{\"S\":\"" + sk + "\"}")
                        && !e.toString().contains("{\"S\":\"poison\"}"))
                .count();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    @Test
    void anOutboxInsert_reachesTheRelayOnce_asLambdaSendsIt_whileAnotherKeyAndAModifyAreFilteredOut() throws Exception {
        String pk = "TENANT#" + UUID.randomUUID();
        Map<String, AttributeValue> outbox = Map.ofEntries(
                Map.entry("PK", s(pk)),
                Map.entry("SK", s("OUTBOX#1")),
                Map.entry("type", s("project.created")),
                Map.entry("attempt", AttributeValue.fromN("42")),
                Map.entry("detail", AttributeValue.fromM(Map.of("name", s("Apollo")))),
                Map.entry("list", AttributeValue.fromL(List.of(s("a"), AttributeValue.fromN("1.5")))),
                Map.entry("ready", AttributeValue.fromBool(true)),
                Map.entry("none", AttributeValue.fromNul(true)),
                Map.entry("tags", AttributeValue.fromSs(List.of("x"))),
                Map.entry("scores", AttributeValue.fromNs(List.of("7"))),
                Map.entry("blob", AttributeValue.fromB(SdkBytes.fromUtf8String("hi"))));
        put(outbox);
        put(item(pk, "PROJECT#1", "plain"));
        dynamoDb.updateItem(r -> r.tableName(table)
                .key(Map.of("PK", s(pk), "SK", s("OUTBOX#1")))
                .updateExpression("SET #t = :t")
                .expressionAttributeNames(Map.of("#t", "type"))
                .expressionAttributeValues(Map.of(":t", s("project.renamed"))));
        put(item(pk, "OUTBOX#2", "plain"));

        await("the relay to get OUTBOX#2", () -> deliveries(pk, "OUTBOX#2") == 1);

        List<JsonNode> records = recordsFor(pk);
        assertEquals(
                List.of("INSERT OUTBOX#1", "INSERT OUTBOX#2"),
                records.stream()
                        .map(r -> r.path("eventName").asText() + " "
                                + r.at("/dynamodb/Keys/SK/S").asText())
                        .toList(),
                "the outbox inserts pass, the PROJECT# insert and the MODIFY of OUTBOX#1 do not");
        JsonNode record = records.getFirst();
        assertFalse(record.path("eventID").asText().isEmpty());
        assertEquals("1.1", record.path("eventVersion").asText());
        assertEquals("aws:dynamodb", record.path("eventSource").asText());
        assertEquals("us-east-1", record.path("awsRegion").asText());
        assertEquals(
                backend.backend()
                        .resources()
                        .attribute("OutboxTable", "StreamArn")
                        .orElseThrow(),
                record.path("eventSourceARN").asText());
        JsonNode dynamodb = record.path("dynamodb");
        assertEquals(
                JSON.readTree("{\"PK\": {\"S\": \"" + pk + "\"}, \"SK\": {\"S\": \"OUTBOX#1\"}}"),
                dynamodb.path("Keys"));
        assertEquals(JSON.readTree("""
                        {"PK": {"S": "%s"}, "SK": {"S": "OUTBOX#1"}, "type": {"S": "project.created"},
                         "attempt": {"N": "42"}, "detail": {"M": {"name": {"S": "Apollo"}}},
                         "list": {"L": [{"S": "a"}, {"N": "1.5"}]}, "ready": {"BOOL": true}, "none": {"NULL": true},
                         "tags": {"SS": ["x"]}, "scores": {"NS": ["7"]}, "blob": {"B": "aGk="}}
                        """.formatted(pk)), dynamodb.path("NewImage"));
        assertFalse(dynamodb.has("OldImage"), "NEW_IMAGE streams carry no old image");
        assertEquals("NEW_IMAGE", dynamodb.path("StreamViewType").asText());
        assertFalse(dynamodb.path("SequenceNumber").asText().isEmpty());
        assertTrue(dynamodb.path("SizeBytes").isNumber()
                && dynamodb.path("SizeBytes").asLong() > 0);
        JsonNode created = dynamodb.path("ApproximateCreationDateTime");
        assertTrue(created.isNumber(), "epoch seconds, a number: " + created);
        assertTrue(Math.abs(created.asLong() - Instant.now().getEpochSecond()) < 600, created::toString);
    }

    @Test
    void aReportedFailure_bringsBackThatRecordAndTheOnesAfterIt_butNotTheOnesBefore() throws Exception {
        String pk = "TENANT#" + UUID.randomUUID();
        dynamoDb.transactWriteItems(r -> r.transactItems(
                outboxPut(item(pk, "OUTBOX#1", "plain")),
                outboxPut(item(pk, "OUTBOX#2", "fail-once")),
                outboxPut(item(pk, "OUTBOX#3", "plain"))));

        await("OUTBOX#3 to come again", () -> deliveries(pk, "OUTBOX#3") == 2);
        put(item(pk, "OUTBOX#4", "plain"));
        await("a later record to flow", () -> deliveries(pk, "OUTBOX#4") == 1);

        assertEquals(3, invocationsFor(pk).getFirst().path("Records").size(), "the transaction's three, one batch");
        assertEquals(1, deliveries(pk, "OUTBOX#1"), "before the failure: checkpointed, not sent again");
        assertEquals(2, deliveries(pk, "OUTBOX#2"), "the reported failure comes again");
        assertEquals(2, deliveries(pk, "OUTBOX#3"), "so does what follows it");
    }

    @Test
    void emptyListsAndMaps_inAnyRecord_reachTheRelayAsTheyAre_andDoNotHoldBackTheRecordsAfterThem() throws Exception {
        String pk = "TENANT#" + UUID.randomUUID();
        Map<String, AttributeValue> empties = Map.of(
                "PK", s(pk),
                "SK", s("OUTBOX#1"),
                "behaviour", s("plain"),
                "changes", AttributeValue.fromM(Map.of()),
                "tags", AttributeValue.fromL(List.of()),
                "nested",
                        AttributeValue.fromM(
                                Map.of("inner", AttributeValue.fromL(List.of()), "m", AttributeValue.fromM(Map.of()))),
                "blank", s(""),
                "bytes", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])),
                "listed", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of()), s(""))));
        dynamoDb.transactWriteItems(r -> r.transactItems(
                outboxPut(Map.of("PK", s(pk), "SK", s("PROJECT#1"), "members", AttributeValue.fromL(List.of()))),
                outboxPut(empties),
                outboxPut(item(pk, "OUTBOX#2", "plain"))));

        await("OUTBOX#2 to reach the relay", () -> deliveries(pk, "OUTBOX#2") == 1);

        JsonNode first = recordsFor(pk).getFirst();
        assertEquals("OUTBOX#1", first.at("/dynamodb/Keys/SK/S").asText());
        assertEquals(JSON.readTree("""
                        {"PK": {"S": "%s"}, "SK": {"S": "OUTBOX#1"}, "behaviour": {"S": "plain"},
                         "changes": {"M": {}}, "tags": {"L": []}, "nested": {"M": {"inner": {"L": []}, "m": {"M": {}}}},
                         "blank": {"S": ""}, "bytes": {"B": ""}, "listed": {"L": [{"M": {}}, {"S": ""}]}}
                        """.formatted(pk)), first.at("/dynamodb/NewImage"));
    }

    private static TransactWriteItem outboxPut(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item).build())
                .build();
    }

    @Test
    void aRelayThatAlwaysFails_sendsTheBatchToOnFailure_afterItsRetries_andLaterRecordsStillFlow() throws Exception {
        String pk = "TENANT#" + UUID.randomUUID();
        String dlq = backend.backend().resources().queueUrl("OutboxRelayDeadLetterQueue");
        List<JsonNode> failures = new ArrayList<>();
        put(item(pk, "OUTBOX#1", "poison"));
        put(item(pk, "OUTBOX#2", "plain"));

        await(
                "the poison's record in the OnFailure queue",
                () -> !drain(dlq, failures).isEmpty());
        await("OUTBOX#2 to reach the relay without the poison", () -> successes(pk, "OUTBOX#2") == 1);
        put(item(pk, "OUTBOX#3", "plain"));
        await("a later record to flow", () -> successes(pk, "OUTBOX#3") == 1);
        drain(dlq, failures);

        String poison = recordsFor(pk).stream()
                .filter(r -> r.at("/dynamodb/Keys/SK/S").asText().equals("OUTBOX#1"))
                .findFirst()
                .orElseThrow()
                .at("/dynamodb/SequenceNumber")
                .asText();
        long alone = invocationsFor(pk).stream()
                .filter(e -> e.path("Records").size() == 1
                        && e.at("/Records/0/dynamodb/SequenceNumber").asText().equals(poison))
                .count();
        assertEquals(3, alone, "the first attempt and MaximumRetryAttempts (2) retries, after any bisection");
        assertEquals(1, failures.size(), "only the poison is given up on: " + failures);
        JsonNode failure = failures.getFirst();
        assertEquals(
                "RetryAttemptsExhausted",
                failure.at("/requestContext/condition").asText());
        assertEquals(3, failure.at("/requestContext/approximateInvokeCount").asInt());
        assertTrue(failure.at("/requestContext/functionArn").asText().endsWith(":function:OutboxRelayFunction"));
        assertEquals("Unhandled", failure.at("/responseContext/functionError").asText());
        assertEquals("1.0", failure.path("version").asText());
        JsonNode info = failure.path("DDBStreamBatchInfo");
        assertEquals(poison, info.path("startSequenceNumber").asText());
        assertEquals(poison, info.path("endSequenceNumber").asText());
        assertEquals(1, info.path("batchSize").asInt());
        assertFalse(info.path("shardId").asText().isEmpty());
        assertEquals(
                backend.backend()
                        .resources()
                        .attribute("OutboxTable", "StreamArn")
                        .orElseThrow(),
                info.path("streamArn").asText());
        assertEquals(1, successes(pk, "OUTBOX#2"), "the record after the poison succeeded once, and was not retried");
    }

    /** Reads (and deletes) what the queue holds, adding it to {@code into}; returns {@code into}. */
    private static List<JsonNode> drain(String queueUrl, List<JsonNode> into) {
        List<Message> messages = sqs.receiveMessage(
                        r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        for (Message message : messages) {
            into.add(parse(message.body()));
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return into;
    }

    @Test
    void theStart_listsTheStreamMapping() {
        assertTrue(
                backend.console().lines().stream()
                        .anyMatch(l -> l.equals("  stream  OutboxTable stream -> OutboxRelayFunction (TRIM_HORIZON,"
                                + " batch 100, 1 filter(s), ReportBatchItemFailures, bisect, 2 retries,"
                                + " OnFailure -> OutboxRelayDeadLetterQueue)")),
                backend.console().lines()::toString);
    }
}
