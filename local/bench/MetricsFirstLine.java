/*
 * What the metrics library costs a cold start: the time of the first EMF line a fresh JVM writes (class loading and
 * initialisation of Powertools, the EMF library and Jackson databind), against the time of that line after priming
 * (what SnapStart's beforeCheckpoint does, so what a restored instance pays), and the warm cost of a line.
 *
 * Run it on a function's built artifact, with the JVM flags Lambda's java21 runtime uses (C1 only):
 *
 *   make build-GetProjectFunction ARTIFACTS_DIR=/tmp/artifact
 *   java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Xshare:auto -cp "/tmp/artifact:/tmp/artifact/lib/*" \
 *       local/bench/MetricsFirstLine.java [primed]
 *
 * Prints one line of milliseconds: first line, second line, then the mean of 5,000 lines after 2,000 more. The EMF lines go to
 * /dev/null. Logging and Jackson's streaming core are loaded first, as a function has them by its first invocation.
 * Run each mode in a fresh JVM (a few times: the first run of a JVM also warms the OS's file cache).
 */
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.metrics.MetricsEmitter;
import io.tenantry.shared.metrics.MetricsSettings;
import java.io.OutputStream;
import java.io.PrintStream;

public class MetricsFirstLine {
    public static void main(String[] args) {
        boolean primed = args.length > 0 && args[0].equals("primed");
        // What a function has already loaded by its first invocation: logging and Jackson's streaming core.
        org.slf4j.LoggerFactory.getLogger(MetricsFirstLine.class).debug("bench");
        new com.fasterxml.jackson.core.JsonFactory();
        PrintStream terminal = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        MetricsEmitter emitter = new MetricsEmitter(new MetricsSettings("Tenantry", "bench", "on-demand", "", ""));
        FunctionMetrics metrics = new FunctionMetrics(emitter, new MetricsSettings("Tenantry", "bench", "on-demand", "", ""), null);
        if (primed) {
            emitter.prime();
        }
        InstanceStart start = new InstanceStart();
        long t0 = System.nanoTime();
        metrics.requestServed("GET /v1/projects/{projectId}", 200, 3_000_000, null, "r1", start);
        long t1 = System.nanoTime();
        metrics.requestServed("GET /v1/projects/{projectId}", 404, 2_000_000, null, "r2", start);
        long t2 = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            metrics.requestServed("GET /v1/projects/{projectId}", 200, 1_000_000 + i, null, "w" + i, start);
        }
        long t3 = System.nanoTime();
        int n = 5000;
        for (int i = 0; i < n; i++) {
            metrics.requestServed("GET /v1/projects/{projectId}", 200, 1_000_000 + i, null, "r" + i, start);
        }
        long t4 = System.nanoTime();
        System.setOut(terminal);
        System.out.printf(
                "%s first %.1f ms, second %.2f ms, warm %.3f ms per line (dropped %d)%n",
                primed ? "primed:  " : "unprimed:",
                (t1 - t0) / 1e6,
                (t2 - t1) / 1e6,
                (t4 - t3) / 1e6 / n,
                emitter.dropped());
    }
}
