package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What gzip saves on a full page: {@code GET /v1/projects?limit=100} of 100 projects through its handler against
 * DynamoDB Local, without and with {@code Accept-Encoding: gzip}: the body's bytes on the wire, the size of the
 * function's response as Lambda counts it against its 6 MB limit (the JSON with the body as a string, base64 when
 * gzipped), and the handler's latency either way. Projects have a name and a one- or two-sentence description made
 * from a fixed vocabulary with a fixed seed, so runs compare. Not a test: it asserts only that both answers carry the
 * same JSON, and runs with
 *
 * <pre>./mvnw -q -Pbench test -pl functions/projects -am -Dtest=ResponseCompressionBenchmark</pre>
 *
 * writing {@code functions/projects/target/response-compression.txt}; docs/BENCHMARKS.md keeps the numbers.
 */
@EmulatedAws
class ResponseCompressionBenchmark {
    static final int PROJECTS = 100;
    static final int WARM_UP = 200;
    static final int MEASURED = 500;
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> WORDS = List.of(
            "launch",
            "website",
            "mobile",
            "campaign",
            "quarterly",
            "review",
            "customer",
            "onboarding",
            "billing",
            "migration",
            "design",
            "system",
            "partner",
            "portal",
            "analytics",
            "dashboard",
            "spring",
            "autumn",
            "retail",
            "warehouse",
            "inventory",
            "pricing",
            "support",
            "ticket",
            "backlog",
            "roadmap",
            "security",
            "audit",
            "hiring",
            "training",
            "localisation",
            "checkout",
            "search",
            "newsletter",
            "events",
            "brand");

    @Test
    void aPageOf100Projects_plainAndGzip(AwsEnvironment aws) throws IOException {
        try (ProjectsFixture fixture = new ProjectsFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"))) {
            SeededTenant tenant = fixture.newTenant();
            Random random = new Random(20261205L);
            for (int i = 0; i < PROJECTS; i++) {
                create(fixture, tenant, sentence(random, 2 + random.nextInt(3)), description(random));
            }
            ApiResult plain = page(fixture, tenant, null);
            ApiResult gzip = page(fixture, tenant, "gzip");
            assertEquals(PROJECTS, plain.json().path("items").size());
            assertTrue(gzip.isGzip(), gzip::toString);
            assertEquals(plain.json(), gzip.json());

            String plainLatency = latency(fixture, tenant, null);
            String gzipLatency = latency(fixture, tenant, "gzip");
            String gzipAlone = gzipTime(plain.wireBytes());
            int plainBytes = plain.wireBytes().length;
            int gzipBytes = gzip.wireBytes().length;
            long plainPayload = lambdaPayloadBytes(plain);
            long gzipPayload = lambdaPayloadBytes(gzip);
            String report = String.format(
                    Locale.ROOT,
                    "GET /v1/projects?limit=100, %d projects (names of 2-4 words, descriptions of 1-2 sentences),"
                            + " through its handler on DynamoDB Local\n"
                            + "body on the wire:      plain %,d bytes, gzip %,d bytes (%.1f%% of plain, %,d bytes saved)\n"
                            + "Lambda response JSON:  plain %,d bytes, gzip %,d bytes (base64 body; %.1f%% of plain)\n"
                            + "handler latency, %d sequential requests after %d of warm-up:\n"
                            + "  plain: %s\n"
                            + "  gzip:  %s\n"
                            + "gzip of the plain body alone (GZIPOutputStream, default level), %d runs: %s\n",
                    PROJECTS,
                    plainBytes,
                    gzipBytes,
                    100.0 * gzipBytes / plainBytes,
                    plainBytes - gzipBytes,
                    plainPayload,
                    gzipPayload,
                    100.0 * gzipPayload / plainPayload,
                    MEASURED,
                    WARM_UP,
                    plainLatency,
                    gzipLatency,
                    MEASURED * 4,
                    gzipAlone);
            Files.writeString(Path.of("target", "response-compression.txt"), report);
            System.out.println(report);
        }
    }

    private static void create(ProjectsFixture fixture, SeededTenant tenant, String name, String description)
            throws IOException {
        String body = JSON.writeValueAsString(Map.of("name", name, "description", description));
        ApiResult created = ApiResult.call(
                fixture.create, tenant.as("member", "POST", "/v1/projects").json(body));
        assertEquals(201, created.status(), created::toString);
    }

    private static ApiResult page(ProjectsFixture fixture, SeededTenant tenant, String acceptEncoding) {
        var event = tenant.as("viewer", "GET", "/v1/projects").query("limit", "100");
        if (acceptEncoding != null) {
            event.header("Accept-Encoding", acceptEncoding);
        }
        ApiResult result = ApiResult.call(fixture.list, event);
        assertEquals(200, result.status(), result::toString);
        return result;
    }

    private static String latency(ProjectsFixture fixture, SeededTenant tenant, String acceptEncoding) {
        for (int i = 0; i < WARM_UP; i++) {
            page(fixture, tenant, acceptEncoding);
        }
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long started = System.nanoTime();
            page(fixture, tenant, acceptEncoding);
            nanos[i] = System.nanoTime() - started;
        }
        return Latencies.percentiles(nanos);
    }

    /** What compressing the body costs the function, as ResponseCompression does it, without the rest of the request. */
    private static String gzipTime(byte[] body) throws IOException {
        long[] nanos = new long[MEASURED * 4];
        for (int i = -WARM_UP * 4; i < nanos.length; i++) {
            long started = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
            try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
                gzip.write(body);
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - started;
            }
        }
        return Latencies.percentiles(nanos);
    }

    /** The function's result as Lambda serialises it, the size its 6 MB response limit applies to. */
    private static long lambdaPayloadBytes(ApiResult result) throws IOException {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", result.status());
        response.put("headers", result.headers());
        response.put("body", result.rawBody());
        response.put("isBase64Encoded", result.base64Encoded());
        return JSON.writeValueAsBytes(response).length;
    }

    private static String sentence(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String word = WORDS.get(random.nextInt(WORDS.size()));
            text.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
        }
        return text.toString();
    }

    private static String description(Random random) {
        String text = sentence(random, 6 + random.nextInt(8)) + ".";
        return random.nextBoolean() ? text : text + " " + sentence(random, 5 + random.nextInt(6)) + ".";
    }
}
