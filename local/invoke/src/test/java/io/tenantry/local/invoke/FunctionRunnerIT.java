package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.emulators.ExternalAws;
import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.function.FunctionEnvironments;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The runner with AWS's runtime interface client and small plain handlers (the fixtures package, loaded from
 * target/test-classes as from a task root): what a function sees, and each way an invocation can end. No AWS
 * services are needed; each test starts one JVM (~0.5 s).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the runtime interface client has native code for Linux only")
class FunctionRunnerIT {
    private static final Path TASK_ROOT = Path.of("target/test-classes").toAbsolutePath();
    private static final String FIXTURES = "io.tenantry.local.invoke.fixtures.";

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Test
    void run_givesTheHandlerItsEventEnvironmentAndJvm_asTheManagedRuntimeDoes() {
        RunReport report = run("EchoHandler", 256, 5, "{\"hello\":\"world\"}", 3);

        assertTrue(report.succeeded(), () -> report.failureSummary() + "\n" + String.join("\n", lines));
        assertEquals(3, report.invocations().size());
        assertTrue(report.initMillis() > 0);
        assertTrue(report.peakRssMegabytes() > 10, "peak RSS " + report.peakRssMegabytes());
        JsonNode seen = Json.tryParse(report.invocations().getFirst().payload());
        assertEquals("world", seen.path("event").path("hello").asText());
        JsonNode env = seen.path("environment");
        assertEquals(FIXTURES + "EchoHandler", env.path("_HANDLER").asText());
        assertEquals("EchoFunction", env.path("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertEquals("256", env.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText());
        assertEquals("AWS_Lambda_java21", env.path("AWS_EXECUTION_ENV").asText());
        assertEquals(":UTC", env.path("TZ").asText());
        assertEquals(TASK_ROOT.toString(), env.path("LAMBDA_TASK_ROOT").asText());
        assertEquals("local-table", env.path("TENANTRY_TABLE").asText());
        assertEquals("from-env-vars", env.path("TENANTRY_LOG_LEVEL").asText());
        assertEquals("http://127.0.0.1:9", env.path("AWS_ENDPOINT_URL_DYNAMODB").asText());
        assertFalse(env.has("HOME"), "the caller's environment must not leak in: " + env);
        assertTrue(env.path("AWS_LAMBDA_RUNTIME_API").asText().startsWith("127.0.0.1:"));
        String jvm = seen.path("jvmArguments").toString();
        assertTrue(jvm.contains("-XX:MaxHeapSize=222823k"), jvm);
        assertTrue(jvm.contains("-XX:+UseSerialGC"), jvm);
        assertTrue(jvm.contains("-XX:TieredStopAtLevel=1"), jvm);
        assertEquals(TASK_ROOT.toString(), seen.path("workingDirectory").asText());
        assertFalse(
                seen.path("loadedBySystemClassLoader").asBoolean(),
                "the function is loaded by the client's own class loader from the task root, as in Lambda");
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:EchoFunction",
                seen.path("functionArn").asText());
        assertEquals(256, seen.path("memoryLimitInMB").asInt());
        int remaining = seen.path("remainingTimeInMillis").asInt();
        assertTrue(remaining > 0 && remaining <= 5000, "remaining " + remaining);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("REPORT RequestId: ") && l.contains("Init Duration: ")));
    }

    @Test
    void run_reportsTheFunctionsErrorAsLambdaDoes_whenTheHandlerThrows() {
        RunReport report = run("FailingHandler", 128, 5, "{}", 1);

        assertFalse(report.succeeded());
        Invocation result = report.invocations().getFirst();
        assertEquals(Invocation.Status.ERROR, result.status());
        JsonNode error = Json.tryParse(result.payload());
        assertEquals("java.lang.IllegalStateException", error.path("errorType").asText());
        assertEquals("the fixture failed on purpose", error.path("errorMessage").asText());
        assertTrue(
                error.path("stackTrace").isArray() && !error.path("stackTrace").isEmpty(), error.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("REPORT ") && l.contains("Status: error")));
    }

    @Test
    void run_reportsTheRuntimeClientsError_whenTheEventIsMalformed() {
        RunReport report = run("EchoHandler", 128, 5, "{\"unterminated\": ", 1);

        Invocation result = report.invocations().getFirst();
        assertEquals(Invocation.Status.ERROR, result.status(), result.payloadText());
        JsonNode error = Json.tryParse(result.payload());
        assertNotNull(error, result.payloadText());
        assertFalse(error.path("errorType").asText().isEmpty(), error.toString());
    }

    @Test
    void run_killsTheFunctionAndSaysSo_whenItOutlivesItsTimeout() {
        long started = System.nanoTime();
        RunReport report = run("SleepingHandler", 128, 1, "{}", 1);

        Invocation result = report.invocations().getFirst();
        assertEquals(Invocation.Status.TIMEOUT, result.status());
        assertEquals("Sandbox.Timedout", result.error().errorType());
        assertTrue(result.error().errorMessage().endsWith("Task timed out after 1.00 seconds"), result.payloadText());
        assertTrue(result.durationMillis() >= 1000, "duration " + result.durationMillis());
        assertTrue((System.nanoTime() - started) / 1_000_000_000.0 < 20, "the runner waited for the sleeper");
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("Task timed out after 1.00 seconds")));
    }

    @Test
    void run_reportsAnInitError_whenTheHandlerCannotBeConstructed() {
        RunReport report = run("BrokenInitHandler", 128, 5, "{}", 1);

        assertNotNull(report.initError(), "an init error");
        assertTrue(report.invocations().isEmpty());
        assertTrue(
                report.initError().text().contains("the fixture cannot initialise"),
                report.initError().text());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INIT_REPORT ") && l.contains("Status: error")));
    }

    @Test
    void run_reportsAnExitError_whenTheFunctionEndsItsJvm() {
        RunReport report = run("ExitingHandler", 128, 5, "{}", 1);

        Invocation result = report.invocations().getFirst();
        assertEquals(Invocation.Status.EXITED, result.status());
        assertEquals("Runtime.ExitError", result.error().errorType());
        assertTrue(result.error().errorMessage().contains("exit status 3"), result.payloadText());
    }

    @Test
    void run_failsEveryInvocation_whenTheHandlerClassDoesNotExist() {
        RunReport report = run("NoSuchHandler", 128, 5, "{}", 1);

        assertNull(report.initError());
        Invocation result = report.invocations().getFirst();
        assertEquals(Invocation.Status.ERROR, result.status());
        assertTrue(result.payloadText().contains("NoSuchHandler"), result.payloadText());
    }

    private RunReport run(String handlerClass, int memoryMb, int timeoutSeconds, String event, int repeat) {
        String handler = FIXTURES + handlerClass;
        Map<String, String> overrides = Map.of("TENANTRY_LOG_LEVEL", "from-env-vars");
        FunctionConfig function = new FunctionConfig(
                "EchoFunction",
                handler,
                memoryMb,
                timeoutSeconds,
                FunctionEnvironments.apply(
                        Map.of("TENANTRY_TABLE", "local-table", "TENANTRY_LOG_LEVEL", "INFO"), overrides, name -> {}));
        FunctionEnvironment.Result environment = FunctionEnvironment.build(
                function, TASK_ROOT, overrides, Set.of(), ExternalAws.at(URI.create("http://127.0.0.1:9")));
        FunctionSpec spec = new FunctionSpec(function, TASK_ROOT, JavaHome.current(), environment.variables(), false);
        return new FunctionRunner(lines::add, lines::add).run(spec, event.getBytes(StandardCharsets.UTF_8), repeat);
    }
}
