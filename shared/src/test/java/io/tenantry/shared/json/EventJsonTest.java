package io.tenantry.shared.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.emulators.LambdaSerialization;
import io.tenantry.local.testkit.Events;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The handlers read their events and write their answers themselves ({@link EventJson}), where the Lambda runtime
 * used to: what they read must be what the runtime read (for SQS, with its mix-ins: {@code Records}, {@code
 * eventSourceARN}), and what Lambda reads of their answers what the runtime wrote. Each case is checked against the
 * runtime's own serialisers ({@link LambdaSerialization}).
 */
class EventJsonTest {
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
    void everyHttpEventOfTheRepository_readsAsTheRuntimeReadsIt() throws IOException {
        List<Path> read = new ArrayList<>();
        for (Path file : Events.allEventFiles()) {
            JsonNode tree = TREE.readTree(file.toFile());
            if (!tree.path("requestContext").has("http")) {
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                assertEquals(
                        Events.load(file, APIGatewayV2HTTPEvent.class),
                        json.read(in, APIGatewayV2HTTPEvent.class),
                        file::toString);
            }
            read.add(file);
        }
        // Every route has its event (docs/events.md): far more than a handful, so a broken walk cannot pass.
        assertTrue(read.size() >= 30, () -> "only " + read.size() + " HTTP API events found");
    }

    @Test
    void aBinaryBody_numericClaims_andFieldsTheClassesDoNotKnow_readAsTheRuntimeReadsThem() throws IOException {
        String event = """
                {"version": "2.0", "routeKey": "PUT /v1/media/{mediaId}", "rawPath": "/v1/media/med_1",
                 "rawQueryString": "a=1&b=2", "cookies": ["c=1"], "headers": {"content-type": "image/png"},
                 "queryStringParameters": {"a": "1", "b": "2"}, "pathParameters": {"mediaId": "med_1"},
                 "body": "iVBORw0KGgo=", "isBase64Encoded": true, "addedByAFutureApiGateway": {"x": [1, 2]},
                 "requestContext": {"routeKey": "PUT /v1/media/{mediaId}", "accountId": "123456789012",
                   "requestId": "req-1", "timeEpoch": 1765065600000, "stage": "$default",
                   "http": {"method": "PUT", "path": "/v1/media/med_1", "protocol": "HTTP/1.1",
                            "sourceIp": "192.0.2.1", "userAgent": "curl/8"},
                   "authorizer": {"jwt": {"claims": {"sub": "u1", "exp": 1765069200, "email_verified": true},
                                          "scopes": ["openid"]},
                                  "lambda": {"tier": "gold", "n": 3}},
                   "authentication": {"clientCert": {"subjectDN": "CN=x"}}}}
                """;

        APIGatewayV2HTTPEvent ours = json.read(bytes(event), APIGatewayV2HTTPEvent.class);

        assertEquals(LambdaSerialization.serializer(APIGatewayV2HTTPEvent.class).fromJson(event), ours);
        assertTrue(ours.getIsBase64Encoded());
        assertEquals(
                "1765069200",
                ours.getRequestContext().getAuthorizer().getJwt().getClaims().get("exp"));
        assertEquals("PUT", ours.getRequestContext().getHttp().getMethod());
        assertEquals(1765065600000L, ours.getRequestContext().getTimeEpoch());
    }

    @Test
    void theHttpAnswer_readsBackAsWritten_throughTheRuntimesSerialiser() throws IOException {
        APIGatewayV2HTTPResponse binary = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"))
                .withMultiValueHeaders(Map.of("Vary", List.of("Accept-Encoding", "Authorization")))
                .withCookies(List.of("a=1; Secure"))
                .withBody("H4sIAAAAAAAA/w==")
                .withIsBase64Encoded(true)
                .build();
        APIGatewayV2HTTPResponse empty = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(304)
                .withHeaders(Map.of("ETag", "\"3\""))
                .withIsBase64Encoded(false)
                .build();

        for (APIGatewayV2HTTPResponse response : List.of(binary, empty)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            json.write(response, out);
            JsonNode written = TREE.readTree(out.toByteArray());
            assertEquals(
                    response,
                    LambdaSerialization.serializer(APIGatewayV2HTTPResponse.class)
                            .fromJson(new ByteArrayInputStream(out.toByteArray())),
                    written::toString);
            // API Gateway reads these names (payload format 2.0), whatever a Java class calls them.
            assertEquals(response.getStatusCode(), written.path("statusCode").asInt(), written::toString);
            assertEquals(
                    response.getIsBase64Encoded(),
                    written.path("isBase64Encoded").asBoolean(),
                    written::toString);
        }
    }

    @Test
    void anEventWrittenForPriming_readsBackEqual_butForEmptyValues() throws IOException {
        APIGatewayV2HTTPEvent event =
                Events.load("events/projects/GetProjectFunction.json", APIGatewayV2HTTPEvent.class);
        APIGatewayV2HTTPEvent read =
                json.read(new ByteArrayInputStream(json.write(event)), APIGatewayV2HTTPEvent.class);

        // The mapper leaves empty values out (Micronaut Serde's NON_EMPTY), so "" reads back as null: no handler reads
        // the raw query (ApiRequest reads the parsed parameters), and an answer's empty body is no body to API Gateway.
        assertEquals("", event.getRawQueryString());
        event.setRawQueryString(null);
        assertEquals(event, read);
    }

    @Test
    void anHttpEventNotJson_isAnError_andJsonIsRead() {
        assertThrows(
                IOException.class,
                () -> json.read(bytes("{\"version\": \"2.0\", \"headers\": {"), APIGatewayV2HTTPEvent.class));
        assertFalse(assertDoesRead("{\"version\": \"2.0\"}").getIsBase64Encoded());
    }

    private static APIGatewayV2HTTPEvent assertDoesRead(String event) {
        try {
            APIGatewayV2HTTPEvent read = json.read(bytes(event), APIGatewayV2HTTPEvent.class);
            assertEquals("2.0", read.getVersion());
            return read;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everySqsEventOfTheRepository_readsAsTheRuntimeReadsIt() throws IOException {
        List<Path> read = new ArrayList<>();
        for (Path file : Events.allEventFiles()) {
            JsonNode records = TREE.readTree(file.toFile()).path("Records");
            if (!records.isArray()
                    || !"aws:sqs".equals(records.path(0).path("eventSource").asText())) {
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                SQSEvent ours = json.read(in, SQSEvent.class);
                assertEquals(Events.load(file, SQSEvent.class), ours, file::toString);
                assertTrue(ours.getRecords().get(0).getEventSourceArn().startsWith("arn:aws:sqs:"), file::toString);
            }
            read.add(file);
        }
        // One per worker (docs/events.md): more than a handful, so a broken walk cannot pass.
        assertTrue(read.size() >= 5, () -> "only " + read.size() + " SQS events found");
    }

    @Test
    void messageAttributes_binaryToo_andFieldsTheClassesDoNotKnow_readAsTheRuntimeReadsThem() throws IOException {
        String batch = """
                {"Records": [{"messageId": "m1", "receiptHandle": "r1", "body": "{\\"tenantId\\": \\"ten_1\\"}",
                  "attributes": {"ApproximateReceiveCount": "2", "SentTimestamp": "1765065600000"},
                  "messageAttributes": {
                    "kind": {"stringValue": "invoice", "binaryValue": null, "stringListValues": [],
                             "binaryListValues": [], "dataType": "String"},
                    "blob": {"binaryValue": "AAEC/w==", "stringListValues": [], "binaryListValues": ["AAE=", "Ag=="],
                             "dataType": "Binary"}},
                  "md5OfBody": "d41d8cd98f00b204e9800998ecf8427e", "eventSource": "aws:sqs",
                  "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q", "awsRegion": "us-east-1",
                  "addedByAFutureLambda": true}]}
                """;

        SQSEvent ours = json.read(bytes(batch), SQSEvent.class);

        assertEquals(LambdaSerialization.serializer(SQSEvent.class).fromJson(batch), ours);
        SQSEvent.SQSMessage message = ours.getRecords().get(0);
        assertEquals("arn:aws:sqs:us-east-1:123456789012:q", message.getEventSourceArn());
        assertEquals("2", message.getAttributes().get("ApproximateReceiveCount"));
        assertEquals(
                ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}),
                message.getMessageAttributes().get("blob").getBinaryValue());
        assertEquals(
                List.of(ByteBuffer.wrap(new byte[] {0, 1}), ByteBuffer.wrap(new byte[] {2})),
                message.getMessageAttributes().get("blob").getBinaryListValues());
        assertEquals("invoice", message.getMessageAttributes().get("kind").getStringValue());
        assertNull(message.getMessageAttributes().get("kind").getBinaryValue());
    }

    @Test
    void aBatchWrittenForPriming_readsBackEqual_andKeepsLambdasNames() throws IOException {
        SQSEvent batch = Events.load("events/tenants/TenantPurgeQueueFunction.json", SQSEvent.class);
        SQSEvent.MessageAttribute blob = new SQSEvent.MessageAttribute();
        blob.setDataType("Binary");
        blob.setBinaryValue(ByteBuffer.wrap(new byte[] {7, 8, 9}));
        batch.getRecords().get(0).setMessageAttributes(Map.of("blob", blob));

        byte[] written = json.write(batch);
        JsonNode tree = TREE.readTree(written);

        assertEquals(batch, json.read(new ByteArrayInputStream(written), SQSEvent.class));
        assertEquals(batch, LambdaSerialization.serializer(SQSEvent.class).fromJson(new ByteArrayInputStream(written)));
        assertTrue(tree.path("Records").path(0).has("eventSourceARN"), tree::toString);
        assertEquals(
                "BwgJ",
                tree.path("Records")
                        .path(0)
                        .path("messageAttributes")
                        .path("blob")
                        .path("binaryValue")
                        .asText());
        assertEquals(3, blob.getBinaryValue().remaining(), "writing leaves the buffer as it was");
    }

    @Test
    void theWorkersAnswer_readsBackAsWritten_throughTheRuntimesSerialiser() throws IOException {
        for (SQSBatchResponse answer : List.of(
                new SQSBatchResponse(List.of(
                        new SQSBatchResponse.BatchItemFailure("m1"), new SQSBatchResponse.BatchItemFailure("m3"))),
                new SQSBatchResponse(List.of()))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            json.write(answer, out);
            SQSBatchResponse read = LambdaSerialization.serializer(SQSBatchResponse.class)
                    .fromJson(new ByteArrayInputStream(out.toByteArray()));
            List<String> ids = read.getBatchItemFailures() == null
                    ? List.of()
                    : read.getBatchItemFailures().stream()
                            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                            .toList();

            assertEquals(
                    answer.getBatchItemFailures().stream()
                            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                            .toList(),
                    ids,
                    () -> out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBatchNotJson_orABinaryValueNotBase64_isAnError() {
        assertThrows(IOException.class, () -> json.read(bytes("{\"Records\": ["), SQSEvent.class));
        assertThrows(
                IOException.class,
                () -> json.read(
                        bytes("{\"Records\": [{\"messageAttributes\": {\"b\": {\"binaryValue\": \"not base64!\"}}}]}"),
                        SQSEvent.class));
    }

    /** The direct invocations' events, read as {@code Map}s: as the runtime reads them. */
    @Test
    void theDirectInvocationsEvents_readAsTheRuntimeReadsThem() throws IOException {
        for (String file : List.of(
                "events/costexport/CostExportFunction.json",
                "events/deploys/PreTrafficHookFunction.json",
                "events/tenants/ChangeTenantPlanFunction.json")) {
            assertEquals(Events.load(file, Map.class), json.read(bytes(Events.json(file)), Map.class), file);
        }
        assertEquals(
                Map.of("tenantId", "ten_01JD3Q5R7C0000000000000001", "plan", "pro"),
                json.read(bytes(Events.json("events/tenants/ChangeTenantPlanFunction.json")), Map.class));
    }

    private static InputStream bytes(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
