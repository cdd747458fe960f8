package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API.md "Reads" on the wire, through the local gateway as API Gateway would send it: the function's base64 gzip
 * body arrives as the gzip bytes with {@code Content-Encoding: gzip} and {@code Vary} intact, a 304 arrives without a
 * body, and the request's {@code If-None-Match} and {@code Accept-Encoding} reach the function.
 */
class ConditionalAndCompressedReadsTest {
    static TestBackends.Running backend;
    static String api;
    static String token;
    /** A project whose JSON is over the compression threshold (a 2,000-character description). */
    static String projectId;

    @BeforeAll
    static void start() {
        backend = TestBackends.repository();
        api = backend.api();
        String email = "reads-" + UUID.randomUUID() + "@example.test";
        Http.Answer tenant =
                Http.post(api + "/v1/tenants", "{\"name\":\"Reads\"}", Http.bearer(Http.token(backend, email, null)));
        assertEquals(201, tenant.status(), tenant::toString);
        token = Http.token(backend, email, tenant.json().path("id").asText());
        Http.Answer project = Http.post(
                api + "/v1/projects",
                "{\"name\":\"Long\",\"description\":\"" + "A sentence that repeats. ".repeat(80) + "\"}",
                Http.bearer(token));
        assertEquals(201, project.status(), project::toString);
        projectId = project.json().path("id").asText();
    }

    static Http.Answer get(String path, String... headers) {
        Map<String, String> all = new LinkedHashMap<>(Http.bearer(token));
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return Http.get(api + path, all);
    }

    static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    static boolean varies(Http.Answer answer, String field) {
        return answer.headers().allValues("Vary").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .anyMatch(v -> v.strip().equalsIgnoreCase(field));
    }

    @Test
    void aGzipClient_getsGzipBytesOnTheWire_thatDecompressToWhatAPlainClientGets() throws IOException {
        for (String path : List.of("/v1/projects/" + projectId, "/v1/projects?limit=100")) {
            Http.Answer plain = get(path);
            Http.Answer gzip = get(path, "Accept-Encoding", "gzip");

            assertEquals(200, plain.status(), plain::toString);
            assertNull(plain.header("Content-Encoding"), plain::toString);
            assertTrue(varies(plain, "Accept-Encoding"), plain::toString);
            assertTrue(plain.bytes().length > 1024, path);
            assertEquals(200, gzip.status(), gzip::toString);
            assertEquals("gzip", gzip.header("Content-Encoding"), path);
            assertTrue(varies(gzip, "Accept-Encoding"), path);
            assertTrue(gzip.header("Content-Type").startsWith("application/json"), path);
            assertEquals(0x1f, gzip.bytes()[0] & 0xff, path);
            assertEquals(0x8b, gzip.bytes()[1] & 0xff, path);
            assertTrue(gzip.bytes().length < plain.bytes().length / 2, path + ": " + gzip.bytes().length);
            assertEquals(Integer.toString(gzip.bytes().length), gzip.header("Content-Length"), path);
            assertArrayEquals(plain.bytes(), gunzip(gzip.bytes()), path);
        }
    }

    @Test
    void theCurrentETag_getsA304WithNoBodyOnTheWire_andAStaleOneTheProject() {
        Http.Answer first = get("/v1/projects/" + projectId);
        String etag = first.header("ETag");

        Http.Answer notModified = get("/v1/projects/" + projectId, "If-None-Match", etag, "Accept-Encoding", "gzip");
        Http.Answer stale = get("/v1/projects/" + projectId, "If-None-Match", "\"0\"");

        assertEquals("\"1\"", etag);
        assertEquals(304, notModified.status(), notModified::toString);
        assertEquals(0, notModified.bytes().length);
        assertEquals(etag, notModified.header("ETag"));
        assertNull(notModified.header("Content-Type"), notModified::toString);
        assertNull(notModified.header("Content-Length"), notModified::toString);
        assertNull(notModified.header("Content-Encoding"), notModified::toString);
        assertTrue(varies(notModified, "Accept-Encoding"), notModified::toString);
        assertTrue(notModified.header("X-Request-Id") != null);
        assertEquals(200, stale.status(), stale::toString);
        assertEquals(projectId, stale.json().path("id").asText());
    }

    @Test
    void aBrowsersAnswer_variesOnOriginAndAcceptEncoding_andItsETagIsReadable() {
        Http.Answer answer =
                get("/v1/projects/" + projectId, "Origin", "http://localhost:5173", "Accept-Encoding", "gzip");

        assertEquals("http://localhost:5173", answer.header("Access-Control-Allow-Origin"), answer::toString);
        assertTrue(varies(answer, "Origin"), answer::toString);
        assertTrue(varies(answer, "Accept-Encoding"), answer::toString);
        assertTrue(answer.header("Access-Control-Expose-Headers").contains("etag"), answer::toString);
        assertEquals("gzip", answer.header("Content-Encoding"));
    }

    @Test
    void aPreflightAskingForIfNoneMatch_isAllowed() {
        Http.Answer answer = Http.send(
                "OPTIONS",
                api + "/v1/projects/" + projectId,
                Map.of(
                        "Origin", "http://localhost:5173",
                        "Access-Control-Request-Method", "GET",
                        "Access-Control-Request-Headers", "authorization, if-none-match"),
                null);

        assertEquals(204, answer.status(), answer::toString);
        assertEquals("http://localhost:5173", answer.header("Access-Control-Allow-Origin"), answer::toString);
        assertTrue(answer.header("Access-Control-Allow-Headers").contains("if-none-match"), answer::toString);
    }
}
