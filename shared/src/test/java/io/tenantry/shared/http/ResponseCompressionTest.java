package io.tenantry.shared.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseCompressionTest {

    /** A JSON page of {@code items} projects: over the threshold from a handful of items on. */
    static byte[] page(int items) {
        StringBuilder json = new StringBuilder("{\"items\":[");
        for (int i = 0; i < items; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"prj_01JD3Q5R7C0000000000000")
                    .append(i % 10)
                    .append("\",\"name\":\"Project ")
                    .append(i)
                    .append("\",\"description\":null,\"createdAt\":\"2026-12-05T10:00:00Z\",\"version\":1}");
        }
        return json.append("],\"nextCursor\":null}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> jsonHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", ApiResponse.JSON);
        return headers;
    }

    static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aBodyOverTheThreshold_isGzipped_andDecompressesToTheOriginal() throws IOException {
        byte[] body = page(30);
        Map<String, String> headers = jsonHeaders();

        ResponseCompression.Encoded encoded = ResponseCompression.encode(200, headers, body, "gzip");

        assertTrue(body.length > ResponseCompression.THRESHOLD_BYTES);
        assertTrue(encoded.gzip());
        assertEquals("gzip", headers.get("Content-Encoding"));
        assertEquals("Accept-Encoding", headers.get("Vary"));
        assertTrue(encoded.body().length < body.length / 3, encoded.body().length + " of " + body.length);
        assertArrayEquals(body, gunzip(encoded.body()));
    }

    @Test
    void aBodyAtTheThreshold_isSentAsItIs_withVary_andOneByteMoreIsGzipped() {
        byte[] atThreshold = " ".repeat(ResponseCompression.THRESHOLD_BYTES).getBytes(StandardCharsets.UTF_8);
        byte[] over = " ".repeat(ResponseCompression.THRESHOLD_BYTES + 1).getBytes(StandardCharsets.UTF_8);
        Map<String, String> plainHeaders = jsonHeaders();
        Map<String, String> gzipHeaders = jsonHeaders();

        ResponseCompression.Encoded plain = ResponseCompression.encode(200, plainHeaders, atThreshold, "gzip");
        ResponseCompression.Encoded gzip = ResponseCompression.encode(200, gzipHeaders, over, "gzip");

        assertFalse(plain.gzip());
        assertSame(atThreshold, plain.body());
        assertNull(plainHeaders.get("Content-Encoding"));
        assertEquals("Accept-Encoding", plainHeaders.get("Vary"));
        assertTrue(gzip.gzip());
        assertEquals("gzip", gzipHeaders.get("Content-Encoding"));
    }

    @Test
    void withoutAcceptEncoding_theBodyIsSentAsItIs_withVary_andWithGzipItIsCompressed() {
        byte[] body = page(30);
        Map<String, String> absent = jsonHeaders();
        Map<String, String> accepted = jsonHeaders();

        ResponseCompression.Encoded plain = ResponseCompression.encode(200, absent, body, null);
        ResponseCompression.Encoded gzip = ResponseCompression.encode(200, accepted, body, "gzip, deflate, br");

        assertFalse(plain.gzip());
        assertSame(body, plain.body());
        assertEquals("Accept-Encoding", absent.get("Vary"));
        assertNull(absent.get("Content-Encoding"));
        assertTrue(gzip.gzip());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "gzip",
                "GZIP",
                "x-gzip",
                "gzip;q=0.5",
                "gzip; q=1.0",
                "br;q=1.0, gzip;q=0.8, *;q=0.1",
                "*",
                "identity, *;q=0.5",
                "gzip;q=0, gzip;q=0.5"
            })
    void acceptsGzip_whenGzipOrStarHasAWeightAboveZero(String acceptEncoding) {
        assertTrue(ResponseCompression.acceptsGzip(acceptEncoding), acceptEncoding);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "gzip;q=0",
                "gzip; q=0.000",
                "gzip;q=0, *",
                "*;q=0",
                "identity",
                "br, deflate",
                "",
                "gzip;q=high",
                "gzip;q=-1",
                "gzipped"
            })
    void refusesGzip_whenItsWeightIsZero_orItIsNotNamed(String acceptEncoding) {
        assertFalse(ResponseCompression.acceptsGzip(acceptEncoding), acceptEncoding);
    }

    @Test
    void gzipWithQZero_getsThePlainBody_andGzipWithQAboveZeroTheCompressedOne() {
        byte[] body = page(30);

        ResponseCompression.Encoded refused = ResponseCompression.encode(200, jsonHeaders(), body, "gzip;q=0, *");
        ResponseCompression.Encoded accepted = ResponseCompression.encode(200, jsonHeaders(), body, "gzip;q=0.1");

        assertFalse(refused.gzip());
        assertSame(body, refused.body());
        assertTrue(accepted.gzip());
    }

    @Test
    void emptyAnswers_stayEmpty_andA304CarriesTheVaryOfThe200ItStandsFor() {
        Map<String, String> noContent = new LinkedHashMap<>();
        Map<String, String> notModified = new LinkedHashMap<>(Map.of("ETag", "\"3\""));

        ResponseCompression.Encoded empty = ResponseCompression.encode(204, noContent, null, "gzip");
        ResponseCompression.Encoded unchanged = ResponseCompression.encode(304, notModified, null, "gzip");

        assertNull(empty.body());
        assertFalse(empty.gzip());
        assertEquals(Map.of(), noContent);
        assertNull(unchanged.body());
        assertFalse(unchanged.gzip());
        assertEquals(Map.of("ETag", "\"3\"", "Vary", "Accept-Encoding"), notModified);
    }

    @Test
    void aBinaryOrAlreadyEncodedBody_isLeftAlone_whileAProblemJsonBodyIsCompressed() {
        byte[] body = page(30);
        Map<String, String> binary = new LinkedHashMap<>(Map.of("Content-Type", "application/pdf"));
        Map<String, String> encoded = new LinkedHashMap<>(jsonHeaders());
        encoded.put("Content-Encoding", "br");
        Map<String, String> problem = new LinkedHashMap<>(Map.of("Content-Type", ApiResponse.PROBLEM_JSON));

        assertSame(body, ResponseCompression.encode(200, binary, body, "gzip").body());
        assertSame(body, ResponseCompression.encode(200, encoded, body, "gzip").body());
        assertTrue(ResponseCompression.encode(400, problem, body, "gzip").gzip());
        assertNull(binary.get("Vary"));
        assertEquals("br", encoded.get("Content-Encoding"));
        assertEquals("gzip", problem.get("Content-Encoding"));
    }

    @Test
    void bytesThatDoNotCompress_areSentPlain_becauseBase64OfTheirGzipWouldBeLarger() {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        // Random bytes as a "text" body: the worst case for the 6 MB limit.
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "text/plain"));

        ResponseCompression.Encoded encoded = ResponseCompression.encode(200, headers, random, "gzip");

        assertFalse(encoded.gzip());
        assertSame(random, encoded.body());
        assertNull(headers.get("Content-Encoding"));
        assertTrue(
                ResponseCompression.encode(200, jsonHeaders(), page(30), "gzip").gzip());
    }

    @Test
    void vary_keepsWhatTheHandlerSet_andNamesAcceptEncodingOnce() {
        Map<String, String> origin = new LinkedHashMap<>(jsonHeaders());
        origin.put("vary", "Origin");
        Map<String, String> already = new LinkedHashMap<>(jsonHeaders());
        already.put("Vary", "accept-encoding");
        Map<String, String> star = new LinkedHashMap<>(jsonHeaders());
        star.put("Vary", "*");

        ResponseCompression.encode(200, origin, page(1), null);
        ResponseCompression.encode(200, already, page(1), null);
        ResponseCompression.encode(200, star, page(1), null);

        assertEquals("Origin, Accept-Encoding", origin.get("vary"));
        assertFalse(origin.containsKey("Vary"));
        assertEquals("accept-encoding", already.get("Vary"));
        assertEquals("*", star.get("Vary"));
    }
}
