package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void invoke_takesAFunctionAndAnEvent_likeSamLocalInvoke() {
        Options options = Options.parseInvoke(
                "GetTenantFunction", "-e", "events/tenants/GetTenantFunction.json", "-n", "env.json", "--repeat=5");

        assertEquals("GetTenantFunction", options.logicalId());
        assertEquals("events/tenants/GetTenantFunction.json", options.event());
        assertEquals(Path.of("env.json"), options.envVars());
        assertEquals(5, options.repeat());
        assertTrue(options.build());
        assertFalse(options.all());
    }

    @Test
    void invoke_readsEveryOption() {
        Options options = Options.parseInvoke(
                "F",
                "--event",
                "-",
                "--no-build",
                "-t",
                "t.yaml",
                "--endpoint",
                "http://127.0.0.1:5000",
                "--java-home",
                "/jdk",
                "--snapstart",
                "--repeat",
                "3");

        assertEquals("-", options.event());
        assertFalse(options.build());
        assertEquals(Path.of("t.yaml"), options.template());
        assertEquals(URI.create("http://127.0.0.1:5000"), options.endpoint());
        assertEquals(Path.of("/jdk"), options.javaHome());
        assertTrue(options.snapStart());
        assertEquals(3, options.repeat());
    }

    @Test
    void invoke_needsAnEvent() {
        Options.UsageException e =
                assertThrows(Options.UsageException.class, () -> Options.parseInvoke("GetTenantFunction"));
        assertTrue(e.getMessage().contains("-e <event file>"), e.getMessage());
    }

    @Test
    void invoke_needsOneFunction() {
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("-e", "x.json"));
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("A", "B", "-e", "x.json"));
    }

    @Test
    void invoke_all_takesNoFunctionOrEvent() {
        assertTrue(Options.parseInvoke("--all").all());
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("--all", "F"));
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("--all", "-e", "x.json"));
    }

    @Test
    void invoke_refusesBadValues() {
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("F", "-e", "x", "--repeat", "0"));
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("F", "-e", "x", "--repeat", "many"));
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("F", "-e", "x", "--endpoint", "nope"));
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("F", "-e", "x", "--frobnicate"));
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("F", "-e"));
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("F", "-e", "x", "--out", "o.md"));
    }

    @Test
    void bench_defaultsTo100InvocationsAndTheDocsTable() {
        Options options = Options.parseBench();

        assertTrue(options.all());
        assertEquals(100, options.repeat());
        assertEquals(Path.of("docs/BENCHMARKS.md"), options.out());
        assertEquals(Path.of("target/bench/results.json"), options.results());
        assertNull(options.logicalId());
    }

    @Test
    void bench_takesNoFunctionAndNoEvent() {
        assertThrows(Options.UsageException.class, () -> Options.parseBench("GetTenantFunction"));
        assertThrows(Options.UsageException.class, () -> Options.parseBench("-e", "x.json"));
        assertEquals(
                Path.of("target/bench/results-snapstart.json"),
                Options.parseBench("--snapstart").results());
    }

    @Test
    void benchOnly_measuresTheNamedFunctionsAndKeepsTheDocsTableOutOfReach() {
        Options options = Options.parseBench("--only", "GetProjectFunction, ListProjectsFunction,");

        assertEquals(java.util.Set.of("GetProjectFunction", "ListProjectsFunction"), options.only());
        assertEquals(Path.of("target/bench/only.md"), options.out());
        assertEquals(
                Path.of("docs/x.md"),
                Options.parseBench("--only=A", "--out", "docs/x.md").out());
        assertTrue(Options.parseBench().only().isEmpty());
        assertEquals(Path.of("docs/BENCHMARKS.md"), Options.parseBench().out());
    }

    @Test
    void benchOnly_needsALogicalIdAndIsNoInvokeOption() {
        assertThrows(Options.UsageException.class, () -> Options.parseBench("--only", " , "));
        assertThrows(Options.UsageException.class, () -> Options.parseBench("--only"));
        assertThrows(Options.UsageException.class, () -> Options.parseInvoke("F", "-e", "x", "--only", "F"));
    }
}
