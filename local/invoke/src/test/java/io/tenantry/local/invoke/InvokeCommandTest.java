package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad input is refused before anything starts (no emulators, no build, no JVM). */
class InvokeCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anUnknownFunction_isRefused_listingTheFunctions() {
        int status = invoke("NoSuchFunction", "-e", "events/identity/GetHealthFunction.json");

        assertEquals(InvokeCommand.USAGE, status);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("has no function NoSuchFunction"), message);
        assertTrue(message.contains("GetHealthFunction") && message.contains("CreateTenantFunction"), message);
    }

    @Test
    void aMissingEventFile_isRefused() {
        int status = invoke("GetHealthFunction", "-e", "events/no-such-event.json");

        assertEquals(InvokeCommand.USAGE, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCommandLineWithoutEvent_isRefused_sayingWhatIsMissing() {
        int status = invoke("GetHealthFunction");

        assertEquals(InvokeCommand.USAGE, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-e <event file> is required"));
    }

    @Test
    void help_printsTheUsage() {
        assertEquals(InvokeCommand.OK, invoke("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: invoke <LogicalId> -e"));
    }

    @Test
    void bench_help_printsItsUsage() {
        int status = BenchCommand.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "--help");

        assertEquals(InvokeCommand.OK, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: bench"));
    }

    @Test
    void platform_pointsElsewhereToTheLocalBackend() {
        String message = Platform.unsupported("Mac OS X", "aarch64").orElseThrow();

        assertTrue(message.contains("Linux"), message);
        assertTrue(message.contains("3001"), message);
        assertTrue(Platform.unsupported("Linux", "amd64").isEmpty());
        assertTrue(Platform.unsupported("Linux", "aarch64").isEmpty());
    }

    private int invoke(String... args) {
        return InvokeCommand.run(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }
}
