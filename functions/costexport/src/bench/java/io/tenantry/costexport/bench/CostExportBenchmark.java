package io.tenantry.costexport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micronaut.json.JsonMapper;
import io.tenantry.costexport.report.CsvReport;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.ProjectRoot;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Not a test: a measurement, run on demand, that writes the "Cost export" section of docs/BENCHMARKS.md. It shows
 * that the cost export of 100,000 active tenants finishes within the function's timeout (900 s) in a small fixed
 * heap, and how much of that heap grows with the tenants (the day-index page the merge holds, up to DynamoDB's 1 MB).
 *
 * <p>For each size N (10,000 and 100,000 by default; {@code -Dtenantry.benchmark.tenants=1000,5000} for others), on
 * a day of its own: N tenants' metering is written straight into the emulated table ({@link UsageGenerator}), then
 * the export runs for that day in a child JVM with a small fixed heap ({@code -Xmx}, the same for every N;
 * {@code -Dtenantry.benchmark.xmx=48m} to try another) and Lambda's collector and compiler flags, the emulators
 * staying in this JVM, so that the child's heap is the export's alone ({@link ExportInChildJvm}); then again in the
 * next round heap below and in twice the heap ({@code -Dtenantry.benchmark.other-xmx=24m,64m}; empty for none). Each
 * export's answer and its CSV, streamed back from S3, are checked: every tenant exactly once, the requests and cents
 * adding up. Only a run with the default sizes and heaps writes docs/BENCHMARKS.md.
 *
 * <pre>./mvnw -q -Pbench test -pl functions/costexport -am -Dtest=CostExportBenchmark</pre>
 */
@EmulatedAws
class CostExportBenchmark {
    static final String COMMAND = "./mvnw -q -Pbench test -pl functions/costexport -am -Dtest=CostExportBenchmark";
    static final String DEFAULT_TENANTS = "10000,100000";
    /** The smallest round heap the 100,000-tenant export runs in: 24m does not (see the section this writes). */
    static final String DEFAULT_XMX = "32m";
    /** The same exports again in these heaps: the next round value below, and twice the heap. */
    static final String DEFAULT_OTHER_XMX = "24m,64m";

    static final String FUNCTION = "CostExportFunction";
    static final int TIMEOUT_SECONDS = 900;
    static final int MEMORY_MB = 1024;
    static final int WRITER_THREADS = 2;
    static final long SEED = 20_261_122L;
    /** How long the main export may run before it is stopped and the benchmark fails; the others get 900 s. */
    static final long CHILD_LIMIT_MINUTES = Long.getLong("tenantry.benchmark.child-limit-minutes", 60);

    /**
     * Where the children's files go (their output, properties, temp files) and their class path's snapshot: a
     * temporary folder outside target/, which other builds in the same tree may clean or recompile meanwhile.
     */
    static Path out;

    static String childClasspath;

    /** The same export in another heap: its figures, or why it failed. */
    record Probe(int tenants, String xmx, long childWallMs, String failure, Run run) {}

    /** One size's figures. */
    record Run(
            UsageGenerator.Generated generated,
            Map<String, Object> child,
            long childWallMs,
            long csvBytes,
            long peakTempBytes) {
        long number(String field) {
            return ((Number) child.get(field)).longValue();
        }

        @SuppressWarnings("unchecked")
        long calls(String operation) {
            Map<String, Object> calls = (Map<String, Object>) child.get("awsCalls");
            Map<String, Object> tally = (Map<String, Object>) calls.get(operation);
            return tally == null ? 0 : ((Number) tally.get("calls")).longValue();
        }

        @SuppressWarnings("unchecked")
        long callMillis(String operation) {
            Map<String, Object> calls = (Map<String, Object>) child.get("awsCalls");
            Map<String, Object> tally = (Map<String, Object>) calls.get(operation);
            return tally == null ? 0 : ((Number) tally.get("ms")).longValue();
        }

        @SuppressWarnings("unchecked")
        long callsOf(String service) {
            Map<String, Object> calls = (Map<String, Object>) child.get("awsCalls");
            return calls.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(service + "."))
                    .mapToLong(e -> ((Number) ((Map<String, Object>) e.getValue()).get("calls")).longValue())
                    .sum();
        }

        @SuppressWarnings("unchecked")
        long millisOf(String service) {
            Map<String, Object> calls = (Map<String, Object>) child.get("awsCalls");
            return calls.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(service + "."))
                    .mapToLong(e -> ((Number) ((Map<String, Object>) e.getValue()).get("ms")).longValue())
                    .sum();
        }
    }

    /** Removes the class path snapshot and the children's temp folders; their output and properties stay. */
    @AfterAll
    static void removeCopies() throws IOException {
        if (out == null) {
            return;
        }
        try (Stream<Path> entries = Files.list(out)) {
            for (Path entry : entries.filter(Files::isDirectory).toList()) {
                try (Stream<Path> tree = Files.walk(entry)) {
                    for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        }
    }

    @Test
    void tenantsExportWithinTheTimeout_inASmallFixedHeap(AwsEnvironment aws) throws Exception {
        String tenantsProperty = System.getProperty("tenantry.benchmark.tenants", DEFAULT_TENANTS);
        String xmx = System.getProperty("tenantry.benchmark.xmx", DEFAULT_XMX);
        String probeProperty = System.getProperty("tenantry.benchmark.other-xmx", DEFAULT_OTHER_XMX);
        List<String> probeHeaps = Arrays.stream(probeProperty.split(","))
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .toList();
        List<Probe> probes = new ArrayList<>();
        List<Integer> sizes = Arrays.stream(tenantsProperty.split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .sorted()
                .toList();
        String loadAtStart = loadAverage();
        Instant startedAt = Instant.now();
        out = Files.createTempDirectory("cost-export-benchmark-");
        childClasspath = snapshotClasspath(out.resolve("classpath"));
        for (int attempt = 1; !complete(childClasspath); attempt++) {
            // Another build was rewriting target/classes while it was copied.
            assertTrue(attempt < 5, "target/classes stayed incomplete: " + childClasspath);
            Thread.sleep(10_000);
            childClasspath = snapshotClasspath(out.resolve("classpath-" + attempt));
        }
        assertEquals("tenant_id", CsvReport.HEADER.getFirst()); // loaded now, not after another build's clean
        System.out.println("cost export benchmark: the children's files are in " + out);
        String table = aws.resources().tableName("TenantryTable");
        UsageGenerator generator = new UsageGenerator(aws.dynamoDb(), table);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        List<Run> runs = new ArrayList<>();
        for (int k = 0; k < sizes.size(); k++) {
            int n = sizes.get(k);
            // The largest on yesterday, what the nightly schedule exports; each smaller one a day further back.
            LocalDate day = today.minusDays(sizes.size() - k);
            UsageGenerator.Generated generated = generator.generate(n, day, SEED + n, WRITER_THREADS);
            System.out.printf(
                    Locale.ROOT,
                    "cost export benchmark: %,d tenants written for %s: %,d items in %,d calls (%,d retried) in %,d ms%n",
                    n,
                    day,
                    generated.items(),
                    generated.calls(),
                    generated.retries(),
                    generated.millis());
            Child child = export(aws, generated, xmx, CHILD_LIMIT_MINUTES * 60);
            if (child.failure() != null) {
                fail("The export of " + n + " tenants failed in -Xmx" + xmx + ": " + child.failure());
            }
            Run run = verify(aws, child.run());
            runs.add(run);
            System.out.println("cost export benchmark: " + run.child());
            for (String other : probeHeaps) {
                Child probe = export(aws, generated, other, TIMEOUT_SECONDS);
                Run probed = probe.failure() == null ? verify(aws, probe.run()) : null;
                probes.add(new Probe(n, other, probe.wallMs(), probe.failure(), probed));
                System.out.println("cost export benchmark: " + n + " tenants in -Xmx" + other + ": "
                        + (probed == null ? probe.failure() : probed.child()));
            }
        }

        runs.forEach(r -> System.out.println(row(r)));
        String section = section(runs, probes, xmx, startedAt, loadAtStart);
        System.out.println(section);
        if (tenantsProperty.equals(DEFAULT_TENANTS)
                && xmx.equals(DEFAULT_XMX)
                && probeProperty.equals(DEFAULT_OTHER_XMX)) {
            write(section);
        }
    }

    /** What a child JVM left: its result, or why it failed. */
    record Child(Run run, long wallMs, String failure) {}

    // ------------------------------------------------------------------------------------------- the child JVM

    private Child export(AwsEnvironment aws, UsageGenerator.Generated generated, String xmx, long limitSeconds)
            throws Exception {
        int n = generated.tenants();
        Path properties = out.resolve("cost-export-" + n + ".properties");
        Properties values = new Properties();
        aws.micronautProperties(FUNCTION).forEach((k, v) -> values.setProperty(k, String.valueOf(v)));
        try (BufferedWriter writer = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
            values.store(writer, "CostExportFunction against the emulators of the benchmark's JVM");
        }

        Path argFile = out.resolve("cost-export-" + n + ".classpath.args");
        Files.writeString(argFile, "-cp \"" + childClasspath.replace("\\", "\\\\") + "\"\n");

        Path tmp = Files.createDirectories(out.resolve("tmp-" + n + "-" + xmx).toAbsolutePath());
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(
                java,
                "-Xmx" + xmx,
                "-XX:+UseSerialGC",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djava.io.tmpdir=" + tmp,
                "@" + argFile.toAbsolutePath(),
                ExportInChildJvm.class.getName(),
                properties.toAbsolutePath().toString(),
                generated.day().toString(),
                generated.day().toString());
        Path stdout = out.resolve("cost-export-" + n + "-" + xmx + ".out");
        Path stderr = out.resolve("cost-export-" + n + "-" + xmx + ".err");
        long started = System.nanoTime();
        Process child = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        AtomicLong peakTemp = new AtomicLong();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (child.isAlive()) {
                peakTemp.accumulateAndGet(directorySize(tmp), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        boolean ended = child.waitFor(limitSeconds, TimeUnit.SECONDS);
        long wall = (System.nanoTime() - started) / 1_000_000;
        sampler.interrupt();
        if (!ended) {
            child.destroyForcibly().waitFor();
            System.out.println(tail(stdout) + tail(stderr));
            return new Child(null, wall, "stopped: not done after " + limitSeconds + " s");
        }
        if (child.exitValue() != 0) {
            System.out.println(tail(stderr));
            return new Child(
                    null, wall, "exit " + child.exitValue() + " after " + seconds(wall) + ": " + cause(stderr));
        }
        String line;
        try (Stream<String> lines = Files.lines(stdout, StandardCharsets.UTF_8)) {
            line = lines.filter(l -> l.startsWith(ExportInChildJvm.RESULT_PREFIX))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("No result line from the child:\n" + tail(stdout)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = JsonMapper.createDefault()
                .readValue(line.substring(ExportInChildJvm.RESULT_PREFIX.length()), Map.class);
        return new Child(new Run(generated, result, wall, 0, peakTemp.get()), wall, null);
    }

    /**
     * The test's class path for the children, with a copy of its folders and of Tenantry's own jars (what a build of
     * the tree rewrites), and first a folder with the SDK's global-interceptor file naming {@link CallCounter}: the
     * SDK reads it from the class path, so the function's own clients are counted in the child, and only there.
     */
    private static String snapshotClasspath(Path snapshot) throws IOException {
        Path interceptors = snapshot.resolve("interceptors");
        Path file = interceptors.resolve(CallCounter.GLOBAL_INTERCEPTORS);
        Files.createDirectories(file.getParent());
        Files.writeString(file, CallCounter.class.getName() + "\n");
        List<String> entries = new ArrayList<>();
        entries.add(interceptors.toString());
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            boolean ours =
                    Files.isDirectory(path) || path.getFileName().toString().startsWith("tenantry-");
            if (!ours) {
                entries.add(entry);
                continue;
            }
            Path copy = snapshot.resolve((i++) + "-" + path.getFileName());
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path source : (Iterable<Path>) files::iterator) {
                        Path target = copy.resolve(path.relativize(source).toString());
                        if (Files.isDirectory(source)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(source, target);
                        }
                    }
                }
            } else {
                Files.createDirectories(copy.getParent());
                Files.copy(path, copy);
            }
            entries.add(copy.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Whether the snapshot has the classes the child starts with. */
    private static boolean complete(String classpath) {
        List<String> needed = List.of(
                ExportInChildJvm.class.getName(),
                CallCounter.class.getName(),
                io.tenantry.costexport.handler.CostExportHandler.class.getName(),
                io.tenantry.costexport.service.CostExportService.class.getName());
        return needed.stream()
                .allMatch(name -> Arrays.stream(classpath.split(File.pathSeparator))
                        .map(Path::of)
                        .filter(Files::isDirectory)
                        .anyMatch(dir -> Files.isRegularFile(dir.resolve(name.replace('.', '/') + ".class"))));
    }

    /** The first line of the child's stack trace: the exception and its message. */
    private static String cause(Path stderr) {
        try (Stream<String> lines = Files.lines(stderr, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank() && !l.startsWith("WARNING") && !l.startsWith("\t"))
                    .filter(l -> l.contains("Exception") || l.contains("Error"))
                    .findFirst()
                    .orElse("(no exception on stderr)");
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ------------------------------------------------------------------------------------------ the checks

    @SuppressWarnings("unchecked")
    private Run verify(AwsEnvironment aws, Run run) throws IOException {
        int n = run.generated().tenants();
        Map<String, Object> result = (Map<String, Object>) run.child().get("result");
        assertEquals(n, ((Number) result.get("activeTenants")).intValue(), "activeTenants");
        assertEquals(0, ((Number) result.get("deletedTenants")).intValue(), "deletedTenants");
        assertEquals(Boolean.TRUE, result.get("balanced"), "balanced");
        List<String> files = (List<String>) result.get("files");
        String csvKey = files.getFirst();
        assertTrue(csvKey.endsWith("/cost-per-tenant.csv"), csvKey);
        BigDecimal total = new BigDecimal(result.get("totalCostUsd").toString());
        BigDecimal attributed = new BigDecimal(result.get("attributedCostUsd").toString());
        assertEquals(0, total.compareTo(attributed), "attributed " + attributed + " of " + total);

        // The CSV, streamed: every generated tenant exactly once, N + 1 lines, the sums as generated.
        String bucket = aws.resources().bucketName("ExportsBucket");
        BitSet seen = new BitSet(n);
        long rows = 0;
        long requests = 0;
        long media = 0;
        long invoices = 0;
        BigDecimal cents = BigDecimal.ZERO;
        CountingInputStream counted;
        try (InputStream in = aws.s3().getObject(b -> b.bucket(bucket).key(csvKey));
                CountingInputStream counting = new CountingInputStream(in);
                Reader reader = new InputStreamReader(counting, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(reader)) {
            counted = counting;
            assertEquals(CsvReport.HEADER, parser.getHeaderNames());
            for (CSVRecord record : parser) {
                rows++;
                int index = UsageGenerator.indexOf(n, record.get("tenant_id"));
                assertTrue(index >= 0 && index < n, () -> "unknown tenant " + record.get("tenant_id"));
                assertTrue(!seen.get(index), () -> "tenant twice: " + record.get("tenant_id"));
                seen.set(index);
                requests += Long.parseLong(record.get("requests"));
                media += Long.parseLong(record.get("media_processed"));
                invoices += Long.parseLong(record.get("invoices_rendered"));
                cents = cents.add(new BigDecimal(record.get("attributed_cost_usd")));
            }
        }
        assertEquals(n, rows, "CSV data rows (plus the header: " + (n + 1) + " lines)");
        assertEquals(n, seen.cardinality());
        assertEquals(run.generated().requests(), requests, "requests");
        assertEquals(run.generated().mediaProcessed(), media, "media processed");
        assertEquals(run.generated().invoicesRendered(), invoices, "invoices rendered");
        assertEquals(0, total.compareTo(cents), "the CSV's attributed costs add up to " + cents + ", not " + total);
        return new Run(run.generated(), run.child(), run.childWallMs(), counted.count(), run.peakTempBytes());
    }

    /** Counts the bytes read through it. */
    static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }

        long count() {
            return count;
        }
    }

    // ------------------------------------------------------------------------------------------- the report

    private static String row(Run r) {
        return "cost export benchmark row: " + r.generated().tenants() + " tenants, export " + r.number("exportMs")
                + " ms, peak heap " + mib(r.number("peakHeapUsedBytes")) + ", max after GC "
                + mib(r.number("maxHeapAfterGcBytes")) + ", -Xmx " + mib(r.number("xmxBytes")) + ", calls "
                + r.child().get("awsCalls");
    }

    private static String section(List<Run> runs, List<Probe> others, String xmx, Instant startedAt, String load) {
        StringBuilder s = new StringBuilder();
        Run largest = runs.getLast();
        s.append("<!-- cost-export:begin -->\n");
        s.append("Measured by `CostExportBenchmark` (functions/costexport) on ")
                .append(startedAt.truncatedTo(ChronoUnit.SECONDS))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores (nproc), ")
                .append(memTotal())
                .append(" memory, JDK ")
                .append(Runtime.version())
                .append("; load average ")
                .append(load)
                .append(" when the run started. Other builds may have shared the cores.\n\n");
        s.append("```bash\n").append(COMMAND).append("\n```\n\n");
        s.append("For each size, on a day of its own, the tenants' metering is written straight into DynamoDB Local")
                .append(" with `BatchWriteItem`: per tenant its record, one usage-counter item of the day in one of")
                .append(" the 8 shard partitions, its storage total and its day-index entry, with seeded, varied")
                .append(" numbers (requests log-uniform from 1 to 200,000 a day, 4 % of the tenants with storage, 8 %")
                .append(" with media, 2 % with an invoice). The export then runs for that day in a JVM of its own")
                .append(" with `-Xmx")
                .append(xmx)
                .append(" -XX:+UseSerialGC -XX:TieredStopAtLevel=1` (Lambda's collector and C1-only compiler), with")
                .append(" the function's own context, price and workload files (the template's environment),")
                .append(" against the emulators in the test's JVM: that heap holds the export alone. The largest")
                .append(" size is yesterday's export, what the nightly schedule runs; the smaller one is a day")
                .append(" further back, so its tenants have 8 more usage keys each to read. Each export's answer and")
                .append(" its CSV, streamed back from S3, are checked: every tenant exactly once, N + 1 lines, the")
                .append(" requests and the cents adding up, `balanced`.\n\n");
        s.append("| tenants | day (usage keys a tenant) | generate | export | -Xmx | live heap, max | peak heap |")
                .append(" GCs (time) | DynamoDB calls | CSV | temp files, peak |\n");
        s.append("|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
        for (Run r : runs) {
            int n = r.generated().tenants();
            long usageKeys = (r.number("batchGetItemKeys") - n) / Math.max(1, n);
            s.append(String.format(
                    Locale.ROOT,
                    "| %,d | %s (%d) | %s | %s | %s | %s | %s | %,d (%s) | %,d BatchGetItem, %,d Query, %,d other |"
                            + " %s | %s |%n",
                    n,
                    r.generated().day(),
                    usageKeys,
                    seconds(r.generated().millis()),
                    seconds(r.number("exportMs")),
                    xmx,
                    live(r),
                    mib(r.number("peakHeapUsedBytes")),
                    r.number("gcCount"),
                    seconds(r.number("gcMs")),
                    r.calls("dynamodb.BatchGetItem"),
                    r.calls("dynamodb.Query"),
                    r.callsOf("dynamodb") - r.calls("dynamodb.BatchGetItem") - r.calls("dynamodb.Query"),
                    mib(r.csvBytes()),
                    mib(r.peakTempBytes())));
        }
        s.append('\n');
        s.append("Where the export's time goes (`-Xmx").append(xmx).append("`):\n\n");
        s.append("| tenants | reading (pass 1) | of it, in DynamoDB calls | a BatchGetItem call, mean |")
                .append(" pricing passes and CSV | S3 puts | export thread's CPU | GC |\n");
        s.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            long export = r.number("exportMs");
            long dynamo = r.millisOf("dynamodb");
            long batchGets = r.calls("dynamodb.BatchGetItem");
            s.append(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %s (%.0f %% of the export) | %.1f ms | %s | %s | %s | %s |%n",
                    r.generated().tenants(),
                    seconds(number(r.child(), "readPhaseMs")),
                    seconds(dynamo),
                    100.0 * dynamo / Math.max(1, export),
                    batchGets == 0 ? 0.0 : (double) r.callMillis("dynamodb.BatchGetItem") / batchGets,
                    seconds(number(r.child(), "pricingPhaseMs")),
                    seconds(number(r.child(), "uploadPhaseMs")),
                    seconds(r.number("exportThreadCpuMs")),
                    seconds(r.number("gcMs"))));
        }
        s.append('\n');
        if (!others.isEmpty()) {
            s.append("The same exports in other heaps (a run not done within the function's timeout is stopped):")
                    .append("\n\n");
            s.append("| tenants | -Xmx | outcome | export | live heap, max | GCs (time) | a BatchGetItem call, mean |")
                    .append(" pricing passes and CSV |\n");
            s.append("|---:|---:|---|---:|---:|---:|---:|---:|\n");
            for (Probe p : others) {
                Run r = p.run();
                if (r == null) {
                    s.append(String.format(
                            Locale.ROOT,
                            "| %,d | %s | failed: %s | | | | | |%n",
                            p.tenants(),
                            p.xmx(),
                            p.failure().replace("|", "\\|")));
                } else {
                    long batchGets = r.calls("dynamodb.BatchGetItem");
                    s.append(String.format(
                            Locale.ROOT,
                            "| %,d | %s | correct | %s | %s | %,d (%s) | %.1f ms | %s |%n",
                            p.tenants(),
                            p.xmx(),
                            seconds(r.number("exportMs")),
                            live(r),
                            r.number("gcCount"),
                            seconds(r.number("gcMs")),
                            batchGets == 0 ? 0.0 : (double) r.callMillis("dynamodb.BatchGetItem") / batchGets,
                            seconds(number(r.child(), "pricingPhaseMs"))));
                }
            }
            s.append('\n');
        }
        long export = largest.number("exportMs");
        long dynamo = largest.millisOf("dynamodb");
        long calls = largest.callsOf("dynamodb");
        s.append(String.format(
                Locale.ROOT,
                "The %,d-tenant export took %s in `-Xmx%s`: %.0f %% of the function's %d s timeout. %.0f %% of it"
                        + " went to %,d DynamoDB calls made one after another, %.1f ms each on average against"
                        + " DynamoDB Local; the rest, %s, is the export's own work outside the calls (the pricing"
                        + " passes and the CSV %s). Collections took %s in all, inside the calls and outside. With"
                        + " that work unchanged, the timeout would be reached at %.0f ms a call.\n\n",
                largest.generated().tenants(),
                seconds(export),
                xmx,
                100.0 * export / (TIMEOUT_SECONDS * 1000.0),
                TIMEOUT_SECONDS,
                100.0 * dynamo / Math.max(1, export),
                calls,
                (double) dynamo / Math.max(1, calls),
                seconds(export - dynamo),
                seconds(number(largest.child(), "pricingPhaseMs")),
                seconds(largest.number("gcMs")),
                (TIMEOUT_SECONDS * 1000.0 - (export - dynamo)) / Math.max(1, calls)));
        s.append("How the figures are taken. *Export* is `CostExportHandler.execute`, from the payload to the answer,")
                .append(" after the context started (")
                .append(seconds(largest.number("contextStartMs")))
                .append("). *Live heap, max* is the most heap in use right after a full collection, from the")
                .append(" collector's notifications: what the export held, with the Micronaut context and the SDK")
                .append(" clients, which alone hold ")
                .append(mib(largest.number("heapAfterContextAndGcBytes")))
                .append(" (after the context started and a full GC). *Peak heap* is the most heap in use just")
                .append(" before a collection: in a small heap the collector lets it fill up to `-Xmx`, so it shows")
                .append(" the bound, not the need. The heap's size is the proof: the export ran, correct, in it. Calls")
                .append(" are counted and timed by an SDK interceptor in the child (call to answer, unmarshalling")
                .append(" included); *reading* runs until the last DynamoDB answer, *pricing passes and CSV* from")
                .append(" there to the first S3 put (the rounding's five passes over the spill file and the pass")
                .append(" that writes the CSV). *Temp files* are the spill file and the CSV in `java.io.tmpdir`,")
                .append(" sampled every 250 ms (the template gives the function 512 MB of `/tmp`), and are deleted")
                .append(" when the export ends. The template gives the function ")
                .append(MEMORY_MB)
                .append(" MB of memory.\n");
        s.append("<!-- cost-export:end -->\n");
        return s.toString();
    }

    /** The most heap in use after a full collection, or a note that there was none. */
    private static String live(Run r) {
        long live = r.number("maxHeapAfterFullGcBytes");
        return live < 0 ? "no full GC" : mib(live);
    }

    private static String memTotal() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:"))
                    .findFirst()
                    .map(l -> String.format(
                            Locale.ROOT, "%.0f GiB", Long.parseLong(l.replaceAll("\\D", "")) / (1024.0 * 1024.0)))
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long number(Map<String, Object> child, String field) {
        Object value = child.get(field);
        return value instanceof Number number ? number.longValue() : -1;
    }

    /**
     * Replaces what is between the cost export markers of docs/BENCHMARKS.md, or appends the section at the end:
     * the file is read right before it is written, and nothing outside the markers changes.
     */
    private static void write(String generated) throws IOException {
        Path file = ProjectRoot.get().resolve("docs/BENCHMARKS.md");
        String begin = "<!-- cost-export:begin -->";
        String end = "<!-- cost-export:end -->";
        String text = Files.readString(file);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String updated = from >= 0 && to > from
                ? text.substring(0, from) + generated.stripTrailing() + text.substring(to + end.length())
                : text.stripTrailing() + "\n\n## Cost export\n\n" + generated;
        Files.writeString(file, updated);
    }

    private static String seconds(long millis) {
        if (millis < 0) {
            return "–";
        }
        return millis < 10_000
                ? String.format(Locale.ROOT, "%.2f s", millis / 1000.0)
                : String.format(Locale.ROOT, "%.0f s", millis / 1000.0);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "--- " + file + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())) + "\n";
        } catch (IOException e) {
            return "(" + file + ": " + e + ")\n";
        }
    }
}
