package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {
    private static final Machine MACHINE = new Machine(2, 23, "Test CPU", "Linux", "25", "2.9.0", "0.10, 0.20, 0.30");

    @TempDir
    Path dir;

    @Test
    void markdown_replacesOnlyTheMarkedSection() throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(
                file,
                "# Benchmarks\n\nprose before\n\n" + BenchmarkReport.START + "\nold\n" + BenchmarkReport.END
                        + "\n\nprose after\n");

        report(false).writeMarkdown(file);

        String text = Files.readString(file);
        assertTrue(text.startsWith("# Benchmarks\n\nprose before\n\n" + BenchmarkReport.START), text);
        assertTrue(text.endsWith(BenchmarkReport.END + "\n\nprose after\n"), text);
        assertTrue(
                text.contains(
                        "| GetTenantFunction | 1024 MB (870 MiB) | 812 ms | 2.03 | 45.0 ms | 2 · 15.5 ms (STS 5.5 ms) | 1.00 ms | 45.00 | 3.00 ms | 130 MB | ok: HTTP 200 |"),
                text);
        assertTrue(text.contains("2 CPUs (nproc), 23 GiB memory (free -g)"), text);
        assertTrue(text.contains("load average 0.10, 0.20, 0.30 when the run started"), text);
        assertTrue(text.contains("`./tenantry bench --repeat 3`, on commit abc1234."), text);
        assertTrue(!text.contains("old"), text);
        assertTrue(
                text.contains("| " + Baseline.NAME
                        + " | 1024 MB (870 MiB) | 400 ms | 1.00 | 20.0 ms | – | 1.00 ms | 20.00 |"),
                text);
    }

    @Test
    void withoutABaseline_theRatiosAreDashes_andTheFunctionsStillShow() throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        FunctionSuite.Result failed =
                new FunctionSuite.Result(Baseline.NAME, null, null, false, "could not prepare", Baseline.HANDLER);

        report(false, failed).writeMarkdown(file);

        String text = Files.readString(file);
        assertTrue(text.contains("| GetTenantFunction | 1024 MB (870 MiB) | 812 ms | – | 45.0 ms |"), text);
        assertTrue(text.contains("| " + Baseline.NAME + " |  | | | | | | | | | FAILED: could not prepare |"), text);
    }

    @Test
    void markdown_keepsTheSnapStartTableApart() throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        report(false).writeMarkdown(file);
        report(true).writeMarkdown(file);
        report(false).writeMarkdown(file);

        String text = Files.readString(file);
        assertEquals(1, count(text, BenchmarkReport.START));
        assertEquals(1, count(text, BenchmarkReport.SNAPSTART_START));
    }

    @Test
    void json_holdsTheFiguresAndTheMachine() throws IOException {
        Path file = dir.resolve("results.json");

        report(false).writeJson(file);

        JsonNode json = Json.tryParse(Files.readString(file));
        assertEquals(2, json.at("/machine/nproc").asInt());
        JsonNode function = json.at("/functions/0");
        assertEquals("GetTenantFunction", function.path("logicalId").asText());
        assertEquals(812.0, function.path("initMs").asDouble());
        assertEquals(45.0, function.path("firstMs").asDouble());
        assertEquals(45.0, function.path("firstToWarmP50").asDouble());
        assertEquals(2, function.path("firstAwsCalls").asInt());
        assertEquals(15.5, function.path("firstAwsMs").asDouble());
        assertEquals(5.5, function.path("firstStsMs").asDouble());
        assertEquals(1.0, function.path("warmP50Ms").asDouble());
        assertEquals(130, function.path("peakRssMb").asInt());
        assertEquals(891289, function.path("maxHeapKb").asInt());
        assertEquals(2.03, function.path("initRatioToBaseline").asDouble());
        assertEquals(Baseline.NAME, json.at("/functions/1/logicalId").asText());
        assertEquals(1.0, json.at("/functions/1/initRatioToBaseline").asDouble());
    }

    private static BenchmarkReport report(boolean snapStart) {
        RunReport plain = new RunReport(
                Baseline.MEASURED,
                1024,
                400,
                null,
                List.of(result(20), result(1), result(2)),
                90,
                List.of(),
                List.of(),
                List.of());
        return report(snapStart, new FunctionSuite.Result(Baseline.NAME, "e.json", plain, true, "HTTP 200", "h"));
    }

    private static BenchmarkReport report(boolean snapStart, FunctionSuite.Result baseline) {
        List<Invocation> invocations = List.of(result(45), result(1), result(3));
        List<XRayAgent.ReceivedSpan> first = List.of(
                new XRayAgent.ReceivedSpan("DynamoDb.GetItem", "t1", 10, false, Map.of()),
                new XRayAgent.ReceivedSpan("Sts.AssumeRole", "t1", 5.5, false, Map.of()));
        List<XRayAgent.ReceivedSpan> all = new java.util.ArrayList<>(first);
        all.add(new XRayAgent.ReceivedSpan("DynamoDb.GetItem", "t2", 1, false, Map.of()));
        RunReport run = new RunReport("GetTenantFunction", 1024, 812, null, invocations, 130, List.of(), all, first);
        FunctionSuite.Result result = new FunctionSuite.Result(
                "GetTenantFunction", "events/tenants/GetTenantFunction.json", run, true, "HTTP 200", "h");
        return new BenchmarkReport(
                snapStart, 3, "./tenantry bench --repeat 3", "commit abc1234", MACHINE, List.of(result), baseline);
    }

    private static Invocation result(double millis) {
        return Invocation.ok("r", "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8), (long) (millis * 1_000_000));
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
