package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.ProjectRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The Lambda Invoke API of the repository's template, as {@code aws lambda invoke --endpoint-url} uses it. */
class LambdaInvokeApiTest {
    static TestBackends.Running backend;

    @BeforeAll
    static void start() {
        backend = TestBackends.repository();
    }

    static String invokeUrl(String function) {
        return backend.lambda() + "/2015-03-31/functions/" + function + "/invocations";
    }

    @Test
    void everyFunctionOfTheTemplate_answersItsSampleEvent_withoutAFunctionError() throws Exception {
        seedTheSampleEventsTenant();
        List<Path> files = Events.allEventFiles();
        List<String> failures = new ArrayList<>();
        for (String function : backend.backend().template().functions().keySet()) {
            Path file = files.stream()
                    .filter(f -> f.getFileName().toString().equals(function + ".json"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no events/**/" + function + ".json"));
            Http.Answer answer = Http.send("POST", invokeUrl(function), Map.of(), Files.readAllBytes(file));
            if (answer.status() != 200 || answer.header("X-Amz-Function-Error") != null) {
                failures.add(function + ": " + answer);
            }
            JsonNode result = answer.json();
            if (result.has("statusCode") && result.path("statusCode").asInt() >= 500) {
                failures.add(function + " answered " + result);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * The tenant the sample events name ({@code ten_01JD3Q5R7C0000000000000001}), as an active record: the
     * operator's plan change must find it (HTTP events answer 403 or 404 without it, which is not an error).
     */
    static void seedTheSampleEventsTenant() {
        String table = backend.backend().resources().tableName("TenantryTable");
        backend.backend()
                .clients()
                .dynamoDb()
                .putItem(b -> b.tableName(table)
                        .item(Map.of(
                                "PK", AttributeValue.fromS("TENANT#ten_01JD3Q5R7C0000000000000001"),
                                "SK", AttributeValue.fromS("TENANT"),
                                "id", AttributeValue.fromS("ten_01JD3Q5R7C0000000000000001"),
                                "name", AttributeValue.fromS("Acme Corp"),
                                "plan", AttributeValue.fromS("free"),
                                "status", AttributeValue.fromS("active"),
                                "version", AttributeValue.fromN("1"))));
    }

    @Test
    void result_isTheFunctionsJson_withLambdasHeaders() {
        Http.Answer answer = Http.send(
                "POST",
                invokeUrl("GetHealthFunction"),
                Map.of(),
                Events.json("events/identity/GetHealthFunction.json").getBytes());
        assertEquals(200, answer.status());
        assertEquals("$LATEST", answer.header("X-Amz-Executed-Version"));
        JsonNode result = answer.json();
        assertEquals(200, result.path("statusCode").asInt());
        assertEquals("{\"status\":\"ok\"}", result.path("body").asText());
        assertFalse(result.path("isBase64Encoded").asBoolean());
    }

    @Test
    void functionNames_mayBeArns_withQualifiers() {
        byte[] event = Events.json("events/identity/GetHealthFunction.json").getBytes();
        for (String name : List.of(
                "arn:aws:lambda:us-east-1:000000000000:function:GetHealthFunction",
                "GetHealthFunction:live",
                "arn:aws:lambda:us-east-1:000000000000:function:GetHealthFunction:$LATEST")) {
            Http.Answer answer = Http.send(
                    "POST",
                    invokeUrl(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)),
                    Map.of(),
                    event);
            assertEquals(200, answer.status(), name + ": " + answer);
        }
    }

    @Test
    void unknownFunction_is404ResourceNotFound_asLambdaAnswers() {
        Http.Answer answer = Http.send("POST", invokeUrl("NoSuchFunction"), Map.of(), "{}".getBytes());
        assertEquals(404, answer.status());
        assertEquals("ResourceNotFoundException", answer.header("x-amzn-ErrorType"));
        assertEquals("User", answer.json().path("Type").asText());
        assertEquals(
                "Function not found: arn:aws:lambda:us-east-1:000000000000:function:NoSuchFunction",
                answer.json().path("message").asText());
    }

    @Test
    void malformedEvent_is400_andTheBackendStaysUp() {
        Http.Answer answer = Http.send("POST", invokeUrl("GetHealthFunction"), Map.of(), "{\"version\": ".getBytes());
        assertEquals(400, answer.status(), answer::toString);
        assertEquals("InvalidRequestContentException", answer.header("x-amzn-ErrorType"));
        assertEquals("Unhandled", answer.header("X-Amz-Function-Error"));
        assertTrue(answer.json().path("message").asText().startsWith("Could not parse request body into json"));
        assertEquals(200, Http.get(backend.api() + "/v1/health").status());
    }

    @Test
    void eventOfTheWrongShape_isTheHandlersParsingError_andARightOneIsAnswered() {
        // An HTTP handler reads its event itself (a RequestStreamHandler): the error is its own, as in Lambda.
        Http.Answer answer = Http.send("POST", invokeUrl("GetHealthFunction"), Map.of(), "[1, 2]".getBytes());
        Http.Answer right = Http.send(
                "POST",
                invokeUrl("GetHealthFunction"),
                Map.of(),
                "{\"version\": \"2.0\", \"rawPath\": \"/v1/health\"}".getBytes());

        assertEquals(200, answer.status(), answer::toString);
        assertEquals("Unhandled", answer.header("X-Amz-Function-Error"));
        assertTrue(answer.json().path("errorType").asText().startsWith("io.micronaut.serde."), answer::toString);
        assertTrue(answer.json().path("errorMessage").asText().contains("START_ARRAY"), answer::toString);
        assertEquals(200, right.status(), right::toString);
        assertNull(right.header("X-Amz-Function-Error"), right::toString);
        assertEquals(200, right.json().path("statusCode").asInt(), right::toString);
    }

    @Test
    void emptyPayload_isAnEmptyObject_andEventInvocationsAnswer202() {
        Http.Answer empty = Http.send("POST", invokeUrl("GetHealthFunction"), Map.of(), new byte[0]);
        assertEquals(200, empty.status(), empty::toString);
        Http.Answer async = Http.send(
                "POST", invokeUrl("GetHealthFunction"), Map.of("X-Amz-Invocation-Type", "Event"), "{}".getBytes());
        assertEquals(202, async.status());
        Http.Answer dryRun = Http.send(
                "POST", invokeUrl("GetHealthFunction"), Map.of("X-Amz-Invocation-Type", "DryRun"), "{}".getBytes());
        assertEquals(204, dryRun.status());
        assertNull(dryRun.header("X-Amz-Function-Error"));
    }

    @Test
    void listFunctions_namesEveryFunction() {
        JsonNode list = Http.get(backend.lambda() + "/2015-03-31/functions/").json();
        assertEquals(
                backend.backend().functions().size(), list.path("Functions").size());
    }

    @Test
    void theAwsCli_invokesAFunction(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("aws"), "the aws CLI is not installed");
        Path out = dir.resolve("out.json");
        Path event = ProjectRoot.get().resolve("events/identity/GetHealthFunction.json");
        ProcessBuilder command = new ProcessBuilder(
                        "aws",
                        "lambda",
                        "invoke",
                        "--endpoint-url",
                        backend.lambda(),
                        "--function-name",
                        "GetHealthFunction",
                        "--payload",
                        "fileb://" + event,
                        out.toString())
                .redirectErrorStream(true);
        command.environment()
                .putAll(Map.of(
                        "AWS_ACCESS_KEY_ID",
                        "local",
                        "AWS_SECRET_ACCESS_KEY",
                        "local",
                        "AWS_DEFAULT_REGION",
                        "us-east-1",
                        "AWS_PAGER",
                        ""));
        Process process = command.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "aws lambda invoke did not finish");
        String printed = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), printed);
        assertTrue(printed.contains("\"StatusCode\": 200"), printed);
        assertTrue(Files.readString(out).contains("\"statusCode\":200"), Files.readString(out));

        ProcessBuilder unknown = new ProcessBuilder(
                        "aws",
                        "lambda",
                        "invoke",
                        "--endpoint-url",
                        backend.lambda(),
                        "--function-name",
                        "Nope",
                        dir.resolve("none.json").toString())
                .redirectErrorStream(true);
        unknown.environment().putAll(command.environment());
        Process failed = unknown.start();
        assertTrue(failed.waitFor(60, TimeUnit.SECONDS));
        String error = new String(failed.getInputStream().readAllBytes());
        assertTrue(failed.exitValue() != 0 && error.contains("ResourceNotFoundException"), error);
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
