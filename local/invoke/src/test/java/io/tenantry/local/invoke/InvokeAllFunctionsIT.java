package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * CI's check that every function of template.yaml runs as Lambda runs it: {@code invoke --all} builds each artifact
 * with make, runs it in its own JVM through the runtime interface client with its events/ file against the embedded
 * emulators, and holds it to what the event implies (see {@link Expectations} and {@link FunctionSuite}).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the runtime interface client has native code for Linux only")
class InvokeAllFunctionsIT {

    @Test
    void everyFunctionInTheTemplate_answersItsSampleEvent_whenRunThroughTheRuntimeClient() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = InvokeCommand.run(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "--all");

        String report = out.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertEquals(0, status, () -> report + "\n--- stderr ---\n" + err.toString(StandardCharsets.UTF_8));
        assertTrue(report.contains(" passed, 0 failed"), report);
        // Each function sends the spans of its AWS calls to the local X-Ray agent, from its shrunk artifact.
        long traced = report.lines()
                .filter(line -> line.matches(".*, [1-9][0-9]* spans.*"))
                .count();
        assertTrue(traced >= 40, () -> traced + " functions sent spans:\n" + report);
    }
}
