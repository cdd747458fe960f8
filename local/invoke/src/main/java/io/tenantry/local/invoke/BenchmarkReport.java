package io.tenantry.local.invoke;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench}'s output: a JSON results file, and a Markdown table written between the markers {@value #START} and
 * {@value #END} of the {@code --out} file (the text around them is kept; a missing file is created).
 */
final class BenchmarkReport {
    static final String START = "<!-- bench:start -->";
    static final String END = "<!-- bench:end -->";
    static final String SNAPSTART_START = "<!-- bench:snapstart:start -->";
    static final String SNAPSTART_END = "<!-- bench:snapstart:end -->";

    private final boolean snapStart;
    private final int repeat;
    private final String command;
    private final String source;
    private final Machine machine;
    private final List<FunctionSuite.Result> results;
    private final FunctionSuite.Result baseline;
    private final Instant generatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    BenchmarkReport(
            boolean snapStart,
            int repeat,
            String command,
            String source,
            Machine machine,
            List<FunctionSuite.Result> results,
            FunctionSuite.Result baseline) {
        this.snapStart = snapStart;
        this.source = source;
        this.repeat = repeat;
        this.command = command;
        this.machine = machine;
        this.results = List.copyOf(results);
        this.baseline = baseline;
    }

    /** The plain baseline's init, or NaN when it did not run. */
    double baselineInitMillis() {
        RunReport report = baseline == null ? null : baseline.report();
        return report == null || report.initError() != null || !baseline.passed() ? Double.NaN : report.initMillis();
    }

    /** A function's init as a ratio to the plain baseline's, or NaN. */
    double initRatio(RunReport report) {
        double plain = baselineInitMillis();
        return Double.isNaN(plain) || plain <= 0 ? Double.NaN : report.initMillis() / plain;
    }

    void writeJson(Path file) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("generatedAt", generatedAt.toString());
        root.put("command", command);
        root.put("source", source);
        root.put("repeat", repeat);
        root.put("snapStartHooks", snapStart);
        ObjectNode host = root.putObject("machine");
        host.put("nproc", machine.processors());
        host.put("memoryGiB", machine.memoryGiB());
        host.put("cpu", machine.cpu());
        host.put("os", machine.os());
        host.put("jdk", machine.jdk());
        host.put("runtimeInterfaceClient", machine.runtimeInterfaceClient());
        host.put("loadAverage", machine.loadAverage());
        ArrayNode functions = root.putArray("functions");
        for (FunctionSuite.Result result : rows()) {
            ObjectNode f = functions.addObject();
            f.put("logicalId", result.logicalId());
            f.put("eventFile", result.eventFile());
            f.put("passed", result.passed());
            f.put("summary", result.summary());
            RunReport report = result.report();
            if (report == null) {
                continue;
            }
            f.put("memoryMb", report.memoryMb());
            f.put("maxHeapKb", ManagedRuntime.maxHeapKilobytes(report.memoryMb()));
            f.put("initMs", round(report.initMillis()));
            f.put("initRatioToBaseline", round(initRatio(report)));
            Stats stats = report.stats();
            f.put("invocations", stats.count());
            f.put("firstMs", round(stats.firstMillis()));
            f.put("firstToWarmP50", round(stats.firstMillis() / stats.warmP50Millis()));
            RunReport.FirstCalls calls = report.firstCalls();
            f.put("firstAwsCalls", calls.count());
            f.put("firstAwsMs", round(calls.millis()));
            f.put("firstStsMs", round(calls.stsMillis()));
            f.put("warmP50Ms", round(stats.warmP50Millis()));
            f.put("warmP99Ms", round(stats.warmP99Millis()));
            f.put("warmMaxMs", round(stats.warmMaxMillis()));
            f.put("peakRssMb", report.peakRssMegabytes());
        }
        write(file, root.toPrettyString() + "\n");
    }

    void writeMarkdown(Path file) {
        String table = table();
        String startMarker = snapStart ? SNAPSTART_START : START;
        String endMarker = snapStart ? SNAPSTART_END : END;
        String text;
        if (Files.isRegularFile(file)) {
            String existing = read(file);
            int start = existing.indexOf(startMarker);
            int end = existing.indexOf(endMarker);
            if (start >= 0 && end > start) {
                text = existing.substring(0, start) + table + existing.substring(end + endMarker.length());
            } else {
                text = existing + (existing.endsWith("\n") ? "\n" : "\n\n") + table + "\n";
            }
        } else {
            text = "# Benchmarks\n\n" + table + "\n";
        }
        write(file, text);
    }

    /** The marked section: how it was made, then one row per function. */
    String table() {
        StringBuilder md = new StringBuilder(snapStart ? SNAPSTART_START : START).append("\n");
        md.append("Generated ")
                .append(generatedAt)
                .append(" by `")
                .append(command)
                .append("`");
        md.append(
                snapStart
                        ? " (snap-start initialisation: the CRaC beforeCheckpoint hooks, priming, ran during init)"
                        : "");
        md.append(", on ").append(source).append(".\n\n");
        md.append("Machine: ").append(machine.oneLine()).append(".\n\n");
        md.append(
                "| function | memory (heap) | init | init ÷ plain | first | first's AWS calls | warm p50 | first ÷ warm"
                        + " | warm p99 | peak RSS | result |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (FunctionSuite.Result result : rows()) {
            RunReport report = result.report();
            md.append("| ").append(result.logicalId()).append(" | ");
            if (report == null
                    || report.initError() != null
                    || report.invocations().isEmpty()) {
                md.append(report == null ? "" : report.memoryMb() + " MB").append(" | | | | | | | | | ");
            } else {
                Stats stats = report.stats();
                md.append(String.format(
                        Locale.ROOT,
                        "%d MB (%d MiB) | %.0f ms | %s | %.1f ms | %s | %s | %s | %s | %d MB | ",
                        report.memoryMb(),
                        ManagedRuntime.maxHeapKilobytes(report.memoryMb()) / 1024,
                        report.initMillis(),
                        ratio(initRatio(report)),
                        stats.firstMillis(),
                        calls(report.firstCalls()),
                        millis(stats.warmP50Millis()),
                        ratio(stats.firstMillis() / stats.warmP50Millis()),
                        millis(stats.warmP99Millis()),
                        report.peakRssMegabytes()));
            }
            md.append(result.passed() ? "ok" : "FAILED")
                    .append(": ")
                    .append(result.summary().replace("|", "\\|").replace("\n", " "))
                    .append(" |\n");
        }
        md.append("\nInit: from starting the JVM until the runtime asked for the first event (Lambda's Init Duration)."
                + " Init ÷ plain: as a ratio to the init of " + Baseline.NAME + ", a RequestHandler with no framework"
                + " that makes " + Baseline.MEASURED + "'s one DynamoDB read through the same runtime client."
                + " First: the first invocation. First's AWS calls: the calls its spans show (the first invocation is"
                + " always sampled), their time in all, and of it STS's (a tenant's credentials, once per tenant per"
                + " instance). Warm: invocations 2–" + repeat + " in the same JVM. Peak RSS: VmHWM"
                + " of the function's JVM (Lambda's Max Memory Used counts the whole sandbox).\n");
        md.append(snapStart ? SNAPSTART_END : END);
        return md.toString();
    }

    /** The functions, then the baseline (when it ran). */
    private List<FunctionSuite.Result> rows() {
        if (baseline == null) {
            return results;
        }
        List<FunctionSuite.Result> rows = new java.util.ArrayList<>(results);
        rows.add(baseline);
        return rows;
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String calls(RunReport.FirstCalls calls) {
        if (calls.count() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%d · %.1f ms", calls.count(), calls.millis())
                + (calls.stsMillis() > 0 ? String.format(Locale.ROOT, " (STS %.1f ms)", calls.stsMillis()) : "");
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f ms", value);
    }

    private static double round(double value) {
        return Double.isNaN(value) ? -1 : Math.round(value * 100) / 100.0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
