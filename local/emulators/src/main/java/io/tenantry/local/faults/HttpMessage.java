package io.tenantry.local.faults;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 request or response read off a connection as bytes, framed (by {@code Content-Length}, chunks, or the
 * end of the connection) but otherwise untouched, so that the signature an SDK computed still holds when the bytes are
 * passed on. Only what a proxy needs: the start line, the headers, the raw body.
 */
record HttpMessage(String startLine, List<Header> headers, byte[] body, boolean closeDelimited) {

    record Header(String name, String value) {}

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int MAX_HEAD = 64 * 1024;

    /**
     * Reads a request; null at the end of the connection. A client that waits for {@code 100 Continue} gets it here,
     * and the {@code Expect} header is dropped (SigV4 never signs it): the proxy has the whole body before it decides.
     */
    static HttpMessage readRequest(InputStream in, OutputStream client) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        List<String> lines = List.of(head.split("\r\n"));
        List<Header> headers = parseHeaders(lines);
        boolean expectsContinue = headers.stream()
                .anyMatch(h -> h.name().equalsIgnoreCase("Expect") && h.value().equalsIgnoreCase("100-continue"));
        if (expectsContinue) {
            client.write(CONTINUE);
            client.flush();
            headers = headers.stream()
                    .filter(h -> !h.name().equalsIgnoreCase("Expect"))
                    .toList();
        }
        byte[] body = readBody(in, headers, true);
        return new HttpMessage(lines.getFirst(), headers, body, false);
    }

    /** Reads the response to a request made with {@code method}, skipping interim {@code 1xx} responses. */
    static HttpMessage readResponse(InputStream in, String method) throws IOException {
        while (true) {
            String head = readHead(in);
            if (head == null) {
                throw new EOFException("The service closed the connection before it answered");
            }
            List<String> lines = List.of(head.split("\r\n"));
            int status = status(lines.getFirst());
            List<Header> headers = parseHeaders(lines);
            if (status >= 100 && status < 200) {
                continue;
            }
            boolean bodiless = method.equals("HEAD") || status == 204 || status == 304;
            if (bodiless) {
                return new HttpMessage(lines.getFirst(), headers, new byte[0], false);
            }
            boolean framed = header(headers, "Content-Length").isPresent() || chunked(headers);
            byte[] body = framed ? readBody(in, headers, false) : in.readAllBytes();
            return new HttpMessage(lines.getFirst(), headers, body, !framed);
        }
    }

    String method() {
        return startLine.substring(0, Math.max(0, startLine.indexOf(' ')));
    }

    /** The request target: path and query, as sent. */
    String target() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? parts[1] : "/";
    }

    Optional<String> header(String name) {
        return header(headers, name);
    }

    /** Whether either side asked to close the connection after this message. */
    boolean closes() {
        return closeDelimited
                || header("Connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
    }

    void writeTo(OutputStream out) throws IOException {
        StringBuilder head = new StringBuilder(startLine).append("\r\n");
        for (Header h : headers) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static Optional<String> header(List<Header> headers, String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(Header::value)
                .findFirst();
    }

    private static boolean chunked(List<Header> headers) {
        return header(headers, "Transfer-Encoding")
                .map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false);
    }

    private static int status(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("Not an HTTP status line: " + statusLine, e);
        }
    }

    private static List<Header> parseHeaders(List<String> lines) throws IOException {
        List<Header> headers = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("Not an HTTP header: " + line);
            }
            headers.add(new Header(
                    line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        return headers;
    }

    private static byte[] readBody(InputStream in, List<Header> headers, boolean request) throws IOException {
        if (chunked(headers)) {
            return readChunked(in);
        }
        Optional<String> length = header(headers, "Content-Length");
        if (length.isEmpty()) {
            return new byte[0];
        }
        long n = Long.parseLong(length.get());
        byte[] body = in.readNBytes((int) n);
        if (body.length != n) {
            throw new EOFException("The " + (request ? "request" : "response") + " body ended early");
        }
        return body;
    }

    /** The chunks, their sizes and trailers included, exactly as they came. */
    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            raw.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size = Integer.parseInt(hex, 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    raw.writeBytes((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return raw.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("A chunk ended early");
            }
            raw.writeBytes(chunk);
            raw.writeBytes((readLine(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** The start line and headers, without the blank line that ends them; null when the stream ends first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new EOFException("The connection ended inside a message head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("A message head over " + MAX_HEAD + " bytes");
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        throw new EOFException("The connection ended inside a line");
    }
}
