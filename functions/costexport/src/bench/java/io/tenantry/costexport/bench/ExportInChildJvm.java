package io.tenantry.costexport.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.tenantry.costexport.handler.CostExportHandler;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The export alone in a JVM of its own, started by {@link CostExportBenchmark} with a small fixed heap: builds
 * the function's application context from the properties file the parent wrote (the emulators' endpoints, the
 * template's environment), runs {@link CostExportHandler#execute} once for the period, and prints one JSON line
 * starting with {@value #RESULT_PREFIX}: the times, the heap, the collections and the AWS calls.
 *
 * <p>Arguments: {@code <properties file> <from> <to>}. Exit status 0 with the line, 1 with a stack trace on stderr.
 */
public final class ExportInChildJvm {
    static final String RESULT_PREFIX = "cost-export-benchmark-result ";

    private ExportInChildJvm() {}

    public static void main(String[] args) {
        try {
            run(Path.of(args[0]), args[1], args[2]);
        } catch (Throwable e) {
            e.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        Runtime.getRuntime().halt(0);
    }

    private static void run(Path propertiesFile, String from, String to) throws IOException {
        long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
        HeapWatch heap = new HeapWatch();
        Map<String, Object> properties = new HashMap<>();
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
            file.load(in);
        }
        file.forEach((k, v) -> properties.put((String) k, v));

        long contextStart = System.nanoTime();
        ApplicationContext context = ApplicationContext.run(properties);
        CostExportHandler handler = new CostExportHandler(context);
        long contextMillis = (System.nanoTime() - contextStart) / 1_000_000;
        long jvmStartToReadyMillis = System.currentTimeMillis() - jvmStarted;
        JsonMapper json = context.getBean(JsonMapper.class);

        System.gc();
        long baselineAfterGc = heap.used();
        CallCounter.reset();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long processCpuBefore = processCpuNanos();
        long usedAtStart = heap.start();
        long started = System.nanoTime();
        Map<String, Object> result = handler.execute(Map.of("from", from, "to", to));
        long ended = System.nanoTime();
        HeapWatch.Window window = heap.stop(usedAtStart);
        long threadCpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long processCpu = processCpuNanos() - processCpuBefore;

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("to", to);
        out.put("jvmStartToHandlerReadyMs", jvmStartToReadyMillis);
        out.put("contextStartMs", contextMillis);
        out.put("exportMs", (ended - started) / 1_000_000);
        out.put("exportThreadCpuMs", threadCpu / 1_000_000);
        out.put("processCpuMs", processCpu / 1_000_000);
        out.put("xmxBytes", window.maxHeapBytes());
        out.put("heapAfterContextAndGcBytes", baselineAfterGc);
        out.put("peakHeapUsedBytes", window.peakUsedBytes());
        out.put("maxHeapAfterGcBytes", window.maxAfterGcBytes());
        out.put("maxHeapAfterFullGcBytes", window.maxAfterFullGcBytes());
        out.put("heapPoolPeaksSumBytes", window.poolPeaksSumBytes());
        out.put("gcCount", window.gcCount());
        out.put("gcMs", window.gcMillis());

        Map<String, Object> calls = new LinkedHashMap<>();
        CallCounter.tallies()
                .forEach((operation, tally) -> calls.put(
                        operation,
                        Map.of("calls", tally.calls().get(), "ms", tally.nanos().get() / 1_000_000)));
        out.put("awsCalls", calls);
        out.put("batchGetItemKeys", CallCounter.batchGetKeys());
        out.put("batchGetItemUnprocessedKeys", CallCounter.batchGetUnprocessedKeys());
        long lastDynamoDb = CallCounter.lastEnd("dynamodb");
        long firstS3 = CallCounter.firstStart("s3");
        if (lastDynamoDb > 0 && firstS3 > lastDynamoDb) {
            // Pass one ends with the last read; the pricing passes and the CSV run until the first put.
            out.put("readPhaseMs", (lastDynamoDb - started) / 1_000_000);
            out.put("pricingPhaseMs", (firstS3 - lastDynamoDb) / 1_000_000);
            out.put("uploadPhaseMs", (ended - firstS3) / 1_000_000);
        }
        out.put("result", result);
        System.out.println(RESULT_PREFIX + json.writeValueAsString(out));
        System.out.flush();
        context.close();
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }
}
