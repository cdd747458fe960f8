package io.tenantry.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.backend.http.ApiReference;
import io.tenantry.local.function.Console;
import io.tenantry.local.testkit.ProjectRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, bad options, a port in use (which fails before anything starts), the reference page. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    @Test
    void help_listsTheCommands() {
        assertEquals(0, run("help"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.contains("start")
                        && text.contains("invoke")
                        && text.contains("bench")
                        && text.contains("reference"),
                text);
        assertEquals(0, run("start", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--data-dir"));
    }

    @Test
    void unknownCommandsAndOptions_exitWith2_sayingWhy() {
        assertEquals(2, run("stat"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown command 'stat'"));
        assertEquals(2, run("start", "--prot", "3000"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option '--prot'"));
        assertEquals(2, run("start", "--port", "http"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--port needs a port number"));
    }

    @Test
    void reference_writesTheSelfContainedPage_whereAsked_andRefusesOtherOptions(@TempDir Path dir) throws IOException {
        Path root = ProjectRoot.get();
        Path page = dir.resolve("site/reference.html");

        int written = Main.reference(console(), List.of("--out", page.toString()), root);

        assertEquals(0, written, err.toString(StandardCharsets.UTF_8));
        assertEquals(
                ApiReference.standalonePage(Files.readString(root.resolve("docs/openapi.yaml"))),
                Files.readString(page));
        assertEquals(2, Main.reference(console(), List.of("--to", page.toString()), root));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: ./tenantry reference [--out FILE]"));
    }

    private Console console() {
        return new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theAsyncRetryDelay_isInSeconds_oneByDefault() {
        java.nio.file.Path template = java.nio.file.Path.of("template.yaml");
        assertEquals(
                java.time.Duration.ofSeconds(1),
                io.tenantry.local.backend.BackendOptions.parse(java.util.List.of(), template)
                        .asyncRetryDelay());
        assertEquals(
                java.time.Duration.ofMillis(250),
                io.tenantry.local.backend.BackendOptions.parse(
                                java.util.List.of("--async-retry-delay", "0.25"), template)
                        .asyncRetryDelay());
        assertEquals(
                java.time.Duration.ofMinutes(1),
                io.tenantry.local.backend.BackendOptions.parse(java.util.List.of("--async-retry-delay=60"), template)
                        .asyncRetryDelay());
        assertEquals(2, run("start", "--async-retry-delay", "-1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--async-retry-delay needs a number of seconds"));
    }

    @Test
    void aPortInUse_isNamed_withTheOptionToChangeIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertEquals(
                    1,
                    run(
                            "start",
                            "--port",
                            String.valueOf(port),
                            "--lambda-port",
                            "0",
                            "--template",
                            "src/test/resources/wiring-template.yaml"));
            String error = err.toString(StandardCharsets.UTF_8);
            assertTrue(error.contains("Port " + port + " (the HTTP API) is already in use"), error);
            assertTrue(error.contains("--port <port>"), error);

            err.reset();
            assertEquals(
                    1,
                    run(
                            "start",
                            "--port",
                            "0",
                            "--lambda-port",
                            String.valueOf(port),
                            "--template",
                            "src/test/resources/wiring-template.yaml"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("--lambda-port <port>"));
        }
    }
}
