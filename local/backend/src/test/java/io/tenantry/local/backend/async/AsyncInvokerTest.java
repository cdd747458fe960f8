package io.tenantry.local.backend.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.backend.InvocationLog;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.function.Console;
import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.template.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry schedule of an asynchronous invocation, its maximum event age, and the first attempt run in the caller. */
class AsyncInvokerTest {
    private static final SamTemplate TEMPLATE = SamTemplate.parse("""
            Resources:
              Task:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.tenantry.local.backend.testfunctions.AsyncTask
            """, "async.yaml");
    private static final AsyncInvoker.Destination FAILURES =
            new AsyncInvoker.Destination("Failures", "http://sqs/000000000000/Failures");

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final LocalFunction task =
            new LocalFunction(FunctionConfig.of(TEMPLATE.function("Task"), Map.of()), () -> null, executor);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final InvocationLog log =
            new InvocationLog(new Console(new PrintStream(out, true), new PrintStream(out, true)));
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private AsyncInvoker invoker(AsyncInvoker.Settings settings, Duration retryDelay) {
        return new AsyncInvoker(
                Map.of("Task", settings),
                id -> task,
                (queue, body) -> sent.add(queue + " " + body),
                executor,
                log,
                retryDelay);
    }

    private static byte[] failing(String id) {
        return ("{\"fail\": true, \"id\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode onlyRecord() throws Exception {
        assertEquals(1, sent.size(), sent::toString);
        assertTrue(sent.getFirst().startsWith(FAILURES.queueUrl() + " "));
        return new ObjectMapper()
                .readTree(sent.getFirst().substring(FAILURES.queueUrl().length() + 1));
    }

    @Test
    void retries_waitOneDelay_thenTwo_andTheRecordCountsTheAttempts() throws Exception {
        AsyncInvoker async =
                invoker(new AsyncInvoker.Settings(2, Duration.ofHours(6), null, FAILURES), Duration.ofMillis(150));
        long started = System.nanoTime();
        AsyncInvoker.Outcome outcome =
                async.submit("Task", failing("delays"), "test").get(10, TimeUnit.SECONDS);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMs >= 450, "150 ms before the first retry, 300 ms before the second: " + elapsedMs);
        assertEquals(3, outcome.attempts());
        assertEquals(AsyncInvoker.RETRIES_EXHAUSTED, outcome.condition());
        assertEquals("Failures", outcome.destination());
        JsonNode record = onlyRecord();
        assertEquals(
                3, record.path("requestContext").path("approximateInvokeCount").asInt());
        assertEquals(
                outcome.requestId(),
                record.path("requestContext").path("requestId").asText());
        String console = out.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("test  attempt 1/3  (java.lang.IllegalStateException)  retry in 150 ms"), console);
        assertTrue(console.contains("test  attempt 2/3  (java.lang.IllegalStateException)  retry in 300 ms"), console);
        assertTrue(console.contains("test  attempt 3/3  (java.lang.IllegalStateException)\n"), console);
    }

    @Test
    void aRetryThatWouldComeAfterTheMaximumEventAge_isNotMade_andTheRecordSaysEventAgeExceeded() throws Exception {
        AsyncInvoker async =
                invoker(new AsyncInvoker.Settings(2, Duration.ofSeconds(60), null, FAILURES), Duration.ofSeconds(61));
        AsyncInvoker.Outcome outcome =
                async.submit("Task", failing("old"), "test").get(10, TimeUnit.SECONDS);
        assertEquals(1, outcome.attempts());
        assertEquals(AsyncInvoker.EVENT_AGE_EXCEEDED, outcome.condition());
        JsonNode record = onlyRecord();
        assertEquals(
                "EventAgeExceeded",
                record.path("requestContext").path("condition").asText());
        assertEquals(
                "Unhandled",
                record.path("responseContext").path("functionError").asText());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("no retry: the event would be older than"));
    }

    @Test
    void start_answersTheFirstAttempt_andTheRetriesFollowUnderTheSameRequestId() throws Exception {
        AsyncInvoker async = invoker(new AsyncInvoker.Settings(1, Duration.ofHours(6), null, FAILURES), Duration.ZERO);
        String id = "start-" + UUID.randomUUID();
        AsyncInvoker.Started started = async.start("Task", failing(id), "test");
        assertTrue(started.first().failed());
        AsyncInvoker.Outcome outcome = started.outcome().get(10, TimeUnit.SECONDS);
        assertEquals(2, outcome.attempts());
        assertEquals(started.first().requestId(), outcome.requestId());
        assertEquals(started.first().requestId(), outcome.last().requestId());
    }

    @Test
    void aSuccess_withoutOnSuccess_sendsNothing() throws Exception {
        AsyncInvoker async = invoker(AsyncInvoker.Settings.DEFAULT, Duration.ZERO);
        AsyncInvoker.Outcome outcome =
                async.submit("Task", "{\"id\": \"fine\"}".getBytes(), "test").get(10, TimeUnit.SECONDS);
        assertEquals(AsyncInvoker.SUCCESS, outcome.condition());
        assertEquals(1, outcome.attempts());
        assertTrue(sent.isEmpty());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("attempt"), "a first success is one plain line");
    }
}
