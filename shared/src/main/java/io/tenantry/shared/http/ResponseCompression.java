package io.tenantry.shared.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * {@code Accept-Encoding: gzip} on every answer (RFC 9110 §12.5.3): a text body (JSON, problem+json, {@code text/*})
 * over {@link #THRESHOLD_BYTES} goes out gzip-compressed with {@code Content-Encoding: gzip}, to a client that accepts
 * gzip. Every answer with a text body, compressed or not, and every 304 (which stands for such an answer) carries
 * {@code Vary: Accept-Encoding}, so a cache keys its copies on that header. Bodies at or under the threshold, empty
 * answers (204, 304) and bodies of another type or already encoded are sent as they are. Applied by {@link ApiRuntime}
 * to the body it wrote, so every route gets it and no handler knows.
 *
 * <p>API Gateway's HTTP API does not compress, and a Lambda function's response travels as JSON: compressed bytes go
 * out base64-encoded ({@code isBase64Encoded: true}), and API Gateway sends the bytes. Base64 adds a third to the
 * compressed size, still far under the plain JSON in practice (a 100-project page: docs/BENCHMARKS.md "Response
 * compression"), so compressing only makes it further from Lambda's 6 MB response limit; when it would not pay (bytes
 * that do not compress), the plain body is sent.
 */
public final class ResponseCompression {
    /** Bodies of at most this many bytes are sent as they are: for them, gzip's header costs more than it saves. */
    public static final int THRESHOLD_BYTES = 1024;

    private static final Pattern QVALUE = Pattern.compile("[01](\\.[0-9]{0,3})?");

    private ResponseCompression() {}

    /** The body to send: its bytes, and whether they are gzip (then to be sent base64-encoded). */
    record Encoded(byte[] body, boolean gzip) {}

    /**
     * Encodes an answer's body for a client that sent {@code acceptEncoding} (null when it sent none), adding {@code
     * Content-Encoding} and {@code Vary} to {@code headers} as needed.
     */
    static Encoded encode(int status, Map<String, String> headers, byte[] body, String acceptEncoding) {
        boolean compressible = body != null
                && body.length > 0
                && Headers.get(headers, "Content-Encoding") == null
                && isText(Headers.get(headers, "Content-Type"));
        if (compressible || status == 304) {
            addVary(headers, "Accept-Encoding");
        }
        if (!compressible || body.length <= THRESHOLD_BYTES || !acceptsGzip(acceptEncoding)) {
            return new Encoded(body, false);
        }
        byte[] gzip = gzip(body);
        if (base64Length(gzip.length) >= body.length) {
            return new Encoded(body, false);
        }
        headers.put("Content-Encoding", "gzip");
        return new Encoded(gzip, true);
    }

    /**
     * True when an {@code Accept-Encoding} value accepts gzip: {@code gzip} (or its alias {@code x-gzip}) with a
     * weight above 0, or, when gzip is not named, {@code *} with a weight above 0. {@code gzip;q=0} refuses it, even
     * next to {@code *}. A weight that is not a qvalue refuses what it weighs.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Double gzip = null;
        Double any = null;
        for (String element : acceptEncoding.split(",")) {
            String[] parts = element.split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) {
                continue;
            }
            double weight = weight(parts);
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = gzip == null ? weight : Math.max(gzip, weight);
            } else if (coding.equals("*")) {
                any = any == null ? weight : Math.max(any, weight);
            }
        }
        if (gzip != null) {
            return gzip > 0;
        }
        return any != null && any > 0;
    }

    /** The {@code q} parameter of an element (1 without one); 0 when it is not a qvalue. */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() >= 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')) {
                String value = parameter.substring(1).strip();
                if (!value.startsWith("=")) {
                    continue;
                }
                String q = value.substring(1).strip();
                // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
                return QVALUE.matcher(q).matches() ? Math.min(1, Double.parseDouble(q)) : 0;
            }
        }
        return 1;
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    private static long base64Length(int bytes) {
        return 4L * ((bytes + 2) / 3);
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json") || type.startsWith("text/");
    }

    /** Adds a field name to {@code Vary} (its name matched ignoring case), keeping what is there. */
    private static void addVary(Map<String, String> headers, String field) {
        String key = headers.keySet().stream()
                .filter(name -> name.equalsIgnoreCase("Vary"))
                .findFirst()
                .orElse(null);
        if (key == null) {
            headers.put("Vary", field);
            return;
        }
        String vary = headers.get(key);
        for (String existing : vary.split(",")) {
            String name = existing.strip();
            if (name.equals("*") || name.equalsIgnoreCase(field)) {
                return;
            }
        }
        headers.put(key, vary.isBlank() ? field : vary + ", " + field);
    }
}
