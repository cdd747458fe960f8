package io.tenantry.media.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.ProjectRoot;
import io.tenantry.media.image.ImageProcessor;
import io.tenantry.media.image.TestImages;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Not a test: a measurement, run on demand, that writes the "Media worker" section of
 * docs/BENCHMARKS.md. The worker runs on the S3 notification of a generated 12-megapixel JPEG
 * (4000 × 3000) against the embedded emulators: the first run in the JVM (class loading, ImageIO and
 * JIT warm-up included) and the median of the runs after it, each with the heap's peak (the heap
 * pools' peaks after a GC, minus nothing) and the bytes the worker's thread allocated. A
 * decompression bomb (a PNG header claiming 30000 × 30000) is measured the same way, and so is an opaque 800 × 600 PNG
 * of random pixels, the picture of the media flood benchmark (local/bench/media_flood.py).
 *
 * <pre>./mvnw -q -Pbench test -pl functions/media -am -Dtest=MediaWorkerBenchmark</pre>
 */
@EmulatedAws
class MediaWorkerBenchmark {
    static final String COMMAND = "./mvnw -q -Pbench test -pl functions/media -am -Dtest=MediaWorkerBenchmark";
    static final int WARM_RUNS = 5;
    static MediaFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new MediaFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    record Run(double millis, long peakHeapBytes, long baselineHeapBytes, long allocatedBytes) {}

    @Test
    void measureTheWorker_onA12MegapixelJpeg_aBomb_andAnOpaquePng() throws IOException {
        byte[] jpeg = TestImages.jpeg(TestImages.picture(4000, 3000, false), 0.9f);
        SeededTenant tenant = fixture.newTenantOn("pro");

        Run cold = run(tenant, "cold.jpg", "image/jpeg", jpeg, "ready");
        List<Run> warm = new ArrayList<>();
        for (int i = 0; i < WARM_RUNS; i++) {
            warm.add(run(tenant, "warm" + i + ".jpg", "image/jpeg", jpeg, "ready"));
        }
        byte[] bomb = TestImages.pngClaiming(30_000, 30_000);
        Run bombRun = run(tenant, "bomb.png", "image/png", bomb, "rejected");

        byte[] png = noisePng(800, 600);
        List<Run> pngRuns = new ArrayList<>();
        for (int i = 0; i < WARM_RUNS; i++) {
            pngRuns.add(run(tenant, "flood" + i + ".png", "image/png", png, "ready"));
        }

        double processorMillis = processorMedian(jpeg);
        double pngProcessorMillis = processorMedian(png);
        Run median = median(warm);
        long maxPeak = Collections.max(warm.stream().map(Run::peakHeapBytes).toList());
        String section = String.join(
                "\n",
                "## Media worker",
                "",
                "The media worker (`MediaQueueHandler`) on the S3 notification of one upload, against the embedded",
                "emulators (s3proxy, DynamoDB Local) in one JVM: HEAD and GET of the upload, header check, decode,",
                "two variants (thumbnailator), two PUTs, the conditional state changes, removal of the upload.",
                "Other builds may have shared the machine's cores. Measured " + LocalDate.now() + " on "
                        + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                        + Runtime.version() + ", max heap "
                        + mib(Runtime.getRuntime().maxMemory()) + ".",
                "",
                "| input | run | worker time | peak heap (baseline) | allocated by the worker |",
                "|---|---|---|---|---|",
                row("12 MP JPEG, 4000 × 3000, " + kib(jpeg.length), "first in the JVM", cold),
                row("12 MP JPEG", "median of " + WARM_RUNS + " after it", median),
                "| 12 MP JPEG | worst peak of the " + WARM_RUNS + " | | " + mib(maxPeak) + " | |",
                row("PNG header claiming 30000 × 30000, " + bomb.length + " bytes", "after the above", bombRun),
                row(
                        "PNG of random opaque pixels, 800 × 600, " + kib(png.length),
                        "median of " + WARM_RUNS + " after the above",
                        median(pngRuns)),
                "",
                String.format(
                        Locale.ROOT,
                        "The image work alone (`ImageProcessor.process`, warm, median of 3) took %.0f ms for the JPEG and"
                                + " %.0f ms for the PNG (the media flood's picture). The decoded"
                                + " 12 MP image is 36 MB (3 bytes a pixel);",
                        processorMillis,
                        pngProcessorMillis),
                "the bomb is refused from its header (it would have needed 2.7 GB decoded), so the heap does not",
                "grow for it. Peak heap is the sum of the heap pools' peaks after a GC before the run (an upper",
                "bound; G1 collects lazily with a large max heap), baseline the heap in use before the run; the",
                "emulators run in the same JVM (s3proxy keeps the objects in memory), so both include them.",
                "The template gives the worker 2048 MB.",
                "",
                "Run it again with:",
                "",
                "```",
                COMMAND,
                "```",
                "");
        write(section);
        System.out.println(section);
    }

    /** An opaque PNG of random pixels, as local/bench/media_flood.py makes: it compresses poorly, so it is big. */
    private static byte[] noisePng(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static double processorMedian(byte[] image) {
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            System.gc();
            long started = System.nanoTime();
            try {
                new ImageProcessor().process(image);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            runs.add((System.nanoTime() - started) / 1e6);
        }
        Collections.sort(runs);
        return runs.get(1);
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.millis(), b.millis()));
        return sorted.get(sorted.size() / 2);
    }

    private static String row(String input, String label, Run run) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %.0f ms | %s (%s) | %s |",
                input,
                label,
                run.millis(),
                mib(run.peakHeapBytes()),
                mib(run.baselineHeapBytes()),
                mib(run.allocatedBytes()));
    }

    private Run run(SeededTenant tenant, String fileName, String contentType, byte[] bytes, String expectedStatus) {
        JsonNode created = fixture.create(tenant, fileName, contentType, bytes.length);
        String id = created.path("id").asText();
        assertEquals(200, fixture.upload(created.path("uploadUrl").asText(), contentType, bytes));
        String key = MediaFixture.originalKey(tenant, id);

        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        System.gc();
        long baseline = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        SQSBatchResponse response = fixture.deliver(key);
        double millis = (System.nanoTime() - started) / 1e6;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(expectedStatus, fixture.item(tenant, id).path("status").asText());
        return new Run(millis, peak, baseline, allocated);
    }

    /** Replaces the "## Media worker" section of docs/BENCHMARKS.md, or appends it. */
    private static void write(String section) throws IOException {
        Path file = ProjectRoot.get().resolve("docs/BENCHMARKS.md");
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        int start = text.indexOf("## Media worker");
        if (start >= 0) {
            int next = text.indexOf("\n## ", start + 1);
            text = text.substring(0, start) + section + (next >= 0 ? "\n" + text.substring(next + 1) : "");
        } else {
            text = text.stripTrailing() + "\n\n" + section;
        }
        Files.writeString(file, text);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
    }
}
