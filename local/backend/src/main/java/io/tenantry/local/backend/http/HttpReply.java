package io.tenantry.local.backend.http;

import io.tenantry.local.function.Json;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.ProblemMapper;
import io.tenantry.shared.problem.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An HTTP response about to be written: status, headers (a name may repeat) and body. */
public final class HttpReply {
    private final int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final byte[] body;

    public HttpReply(int status, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
    }

    /** A JSON body, {@code application/json}. */
    public static HttpReply json(int status, Object body) {
        return new HttpReply(status, Json.bytes(body)).header("Content-Type", "application/json; charset=utf-8");
    }

    /** A problem+json answer made by the shared {@link ProblemMapper}, as the functions make theirs. */
    public static HttpReply problem(ProblemException problem, String requestId) {
        return of(ProblemMapper.toResponse(problem, requestId), requestId);
    }

    /** The bare 500 the functions answer for a bug, naming only the request id. */
    public static HttpReply internalError(String requestId) {
        return of(ProblemMapper.internalError(requestId), requestId);
    }

    private static HttpReply of(ApiResponse response, String requestId) {
        HttpReply reply = new HttpReply(response.status(), Json.bytes(response.body()));
        response.headers().forEach(reply::header);
        return reply.header("X-Request-Id", requestId);
    }

    public HttpReply header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    /** Sets a header, replacing any value of it (names compared ignoring case). */
    public HttpReply replaceHeader(String name, String value) {
        removeHeader(name);
        return header(name, value);
    }

    /** Adds a field name to {@code Vary}, keeping the names already there (matched ignoring case). */
    public HttpReply addVary(String field) {
        List<String> values = new ArrayList<>();
        headers.forEach((name, list) -> {
            if (name.equalsIgnoreCase("Vary")) {
                list.stream().filter(v -> !v.isBlank()).forEach(values::add);
            }
        });
        if (values.isEmpty()) {
            return replaceHeader("Vary", field);
        }
        String vary = String.join(", ", values);
        for (String name : vary.split(",")) {
            if (name.strip().equals("*") || name.strip().equalsIgnoreCase(field)) {
                return this;
            }
        }
        return replaceHeader("Vary", vary + ", " + field);
    }

    public void removeHeader(String name) {
        headers.keySet().removeIf(n -> n.equalsIgnoreCase(name));
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, ignoring case, or null. */
    public String firstHeader(String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
                    && !entry.getValue().isEmpty()) {
                return entry.getValue().getFirst();
            }
        }
        return null;
    }
}
