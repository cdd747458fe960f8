package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.function.Invocation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API as a runtime client sees it, spoken to with a plain HTTP client. */
class RuntimeApiTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:F";
    private final HttpClient http = HttpClient.newHttpClient();
    private RuntimeApi api;

    @BeforeEach
    void start() throws Exception {
        api = RuntimeApi.start(ARN);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void next_blocksUntilAnInvocation_thenHandsItOutWithLambdasHeaders() throws Exception {
        CompletableFuture<HttpResponse<String>> next =
                http.sendAsync(get("invocation/next"), HttpResponse.BodyHandlers.ofString());
        // Asking for an event ends init: wait for the request to arrive, however loaded the machine is.
        api.ready().get(10, TimeUnit.SECONDS);
        assertFalse(next.isDone(), "next waits for an event");

        long before = System.currentTimeMillis();
        RuntimeApi.Request invocation = api.invoke("{\"a\":1}".getBytes(), Duration.ofSeconds(15));
        HttpResponse<String> response = next.get(5, TimeUnit.SECONDS);

        assertEquals(200, response.statusCode());
        assertEquals("{\"a\":1}", response.body());
        assertEquals(
                invocation.requestId(),
                response.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow());
        assertEquals(
                ARN,
                response.headers()
                        .firstValue("Lambda-Runtime-Invoked-Function-Arn")
                        .orElseThrow());
        long deadline = Long.parseLong(
                response.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertTrue(
                deadline >= before + 15_000 && deadline <= System.currentTimeMillis() + 15_000, "deadline " + deadline);
        String trace = response.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow();
        // The first invocation of its second is sampled, as Lambda samples it.
        assertTrue(trace.startsWith("Root=1-") && trace.endsWith(";Sampled=1"), trace);
        assertTrue(invocation.dispatched().isDone());
    }

    @Test
    void response_completesTheInvocation() throws Exception {
        RuntimeApi.Request invocation = api.invoke("{}".getBytes(), Duration.ofSeconds(15));
        http.send(get("invocation/next"), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> posted = http.send(
                post("invocation/" + invocation.requestId() + "/response", "{\"statusCode\":200}", null),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(202, posted.statusCode());
        Invocation result = invocation.result().get(5, TimeUnit.SECONDS);
        assertTrue(result.succeeded());
        assertEquals("{\"statusCode\":200}", result.payloadText());
    }

    @Test
    void error_completesTheInvocationWithTheErrorAndItsType() throws Exception {
        RuntimeApi.Request invocation = api.invoke("{}".getBytes(), Duration.ofSeconds(15));
        http.send(get("invocation/next"), HttpResponse.BodyHandlers.ofString());
        String body = "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.RuntimeException\",\"stackTrace\":[]}";

        http.send(
                post("invocation/" + invocation.requestId() + "/error", body, "Runtime.UserException"),
                HttpResponse.BodyHandlers.ofString());

        Invocation result = invocation.result().get(5, TimeUnit.SECONDS);
        assertEquals(Invocation.Status.ERROR, result.status());
        assertEquals("java.lang.RuntimeException", result.error().errorType());
        assertEquals("boom", result.error().errorMessage());
        assertEquals("Runtime.UserException", result.error().category());
    }

    @Test
    void initError_isReported() throws Exception {
        String body = "{\"errorMessage\":\"no class\",\"errorType\":\"java.lang.ClassNotFoundException\"}";

        HttpResponse<String> posted =
                http.send(post("init/error", body, "Runtime.BadFunctionCode"), HttpResponse.BodyHandlers.ofString());

        assertEquals(202, posted.statusCode());
        assertEquals(
                "java.lang.ClassNotFoundException",
                api.initError().get(1, TimeUnit.SECONDS).errorType());
    }

    @Test
    void aResultForAnUnknownRequest_isRefused() throws Exception {
        HttpResponse<String> posted =
                http.send(post("invocation/nope/response", "{}", null), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, posted.statusCode());
    }

    @Test
    void restoreNext_answersAtOnce_forSnapStartInitialisation() throws Exception {
        HttpResponse<String> response = http.send(get("restore/next"), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(api.restored().isDone());
    }

    private HttpRequest get(String route) {
        return HttpRequest.newBuilder(uri(route)).GET().build();
    }

    private HttpRequest post(String route, String body, String errorType) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri(route)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            builder.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return builder.build();
    }

    private URI uri(String route) {
        return URI.create("http://" + api.address() + "/2018-06-01/runtime/" + route);
    }
}
