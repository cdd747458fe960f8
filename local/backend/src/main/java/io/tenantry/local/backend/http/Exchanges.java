package io.tenantry.local.backend.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading requests from and writing replies to the JDK's HTTP server. */
public final class Exchanges {
    private Exchanges() {}

    /**
     * How much of an oversized body is read and thrown away before the refusal is sent. A client that is still
     * writing when the server answers and closes sees a reset instead of the 413; reading the rest first lets it
     * read the answer. Bodies declared larger than this are refused without reading.
     */
    static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    /** The body is over the limit; what came is read and discarded. */
    public static final class TooLarge extends Exception {
        public TooLarge() {
            super(null, null, false, false);
        }
    }

    /** The request's headers, names in lower case, repeated values joined with commas (as API Gateway does). */
    public static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            String joined = String.join(",", values);
            headers.merge(key, joined, (a, b) -> a + "," + b);
        });
        return headers;
    }

    /** Reads the whole body; past {@code limit} bytes the rest is discarded and {@link TooLarge} thrown. */
    public static byte[] body(HttpExchange exchange, long limit) throws IOException, TooLarge {
        long declared = declaredLength(exchange);
        try (InputStream in = exchange.getRequestBody()) {
            if (declared > DISCARD_LIMIT) {
                throw new TooLarge();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            boolean over = declared > limit;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
                if (total > limit) {
                    over = true;
                }
                if (total > DISCARD_LIMIT) {
                    break;
                }
                if (!over) {
                    out.write(buffer, 0, read);
                }
            }
            if (over) {
                throw new TooLarge();
            }
            return out.toByteArray();
        }
    }

    private static long declaredLength(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1; // The server refuses malformed lengths itself; read what comes.
        }
    }

    /** Writes a reply; no body for HEAD, 204 and 304. Closes the exchange. */
    public static void send(HttpExchange exchange, HttpReply reply) throws IOException {
        var headers = exchange.getResponseHeaders();
        for (Map.Entry<String, List<String>> header : reply.headers().entrySet()) {
            for (String value : header.getValue()) {
                headers.add(header.getKey(), value);
            }
        }
        boolean noBody = exchange.getRequestMethod().equals("HEAD")
                || reply.status() == 204
                || reply.status() == 304
                || reply.body().length == 0;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
        exchange.close();
    }
}
