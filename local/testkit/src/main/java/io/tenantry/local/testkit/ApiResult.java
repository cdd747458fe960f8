package io.tenantry.local.testkit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.emulators.LambdaSerialization;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A handler's HTTP response, as a client reads it: {@code body} is the text after undoing what the transport did
 * (base64 when the function answered {@code isBase64Encoded}, then gzip when it says {@code Content-Encoding: gzip}),
 * as {@code curl --compressed} shows it. {@code rawBody} and {@code base64Encoded} are what the function returned;
 * {@link #wireBytes()} the bytes API Gateway sends for it.
 */
public record ApiResult(int status, Map<String, String> headers, String body, String rawBody, boolean base64Encoded) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Invokes a handler the way Lambda does (no Lambda context in tests) and keeps its response: a handler that is also
     * a {@link RequestStreamHandler}, as Lambda's runtime then calls it, through its stream entry, with the event's JSON
     * as the runtime's own serialiser writes it, and its answer read back the same way.
     */
    public static ApiResult call(
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler instanceof RequestStreamHandler stream
                ? throughJson(stream, event)
                : handler.handleRequest(event, null);
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        return new ApiResult(
                response.getStatusCode(),
                headers,
                decoded(response.getBody(), response.getIsBase64Encoded(), headers),
                response.getBody(),
                response.getIsBase64Encoded());
    }

    public static ApiResult call(
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, ApiEvent event) {
        return call(handler, event.build());
    }

    private static APIGatewayV2HTTPResponse throughJson(RequestStreamHandler handler, APIGatewayV2HTTPEvent event) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        LambdaSerialization.serializer(APIGatewayV2HTTPEvent.class).toJson(event, json);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(json.toByteArray()), answer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LambdaSerialization.serializer(APIGatewayV2HTTPResponse.class)
                .fromJson(new ByteArrayInputStream(answer.toByteArray()));
    }

    /** The bytes API Gateway sends for this response: the body, base64-decoded when the function encoded it. */
    public byte[] wireBytes() {
        if (rawBody == null) {
            return new byte[0];
        }
        return base64Encoded ? Base64.getDecoder().decode(rawBody) : rawBody.getBytes(StandardCharsets.UTF_8);
    }

    /** True when the bytes on the wire are gzip: {@code Content-Encoding: gzip} and gzip's magic number. */
    public boolean isGzip() {
        byte[] bytes = wireBytes();
        return "gzip".equalsIgnoreCase(header("Content-Encoding"))
                && bytes.length > 2
                && (bytes[0] & 0xff) == 0x1f
                && (bytes[1] & 0xff) == 0x8b;
    }

    private static String decoded(String body, boolean base64, Map<String, String> headers) {
        if (body == null || !base64) {
            return body;
        }
        byte[] bytes = Base64.getDecoder().decode(body);
        boolean gzip = headers.entrySet().stream()
                .anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Encoding")
                        && h.getValue().equalsIgnoreCase("gzip"));
        if (gzip) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Content-Encoding: gzip, but the body is not gzip", e);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + body, e);
        }
    }

    /** A header, ignoring case. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** True when the body is problem+json with this status, as every error must be. */
    public boolean isProblem(int expected) {
        String type = header("Content-Type");
        if (status != expected || type == null || !type.startsWith("application/problem+json")) {
            return false;
        }
        JsonNode problem = json();
        return problem.path("status").asInt() == expected
                && problem.path("type").asText().contains("/problems/")
                && !problem.path("title").asText().isEmpty();
    }

    /** The fields a 400 names, as {@code errors[].field}. */
    public java.util.List<String> errorFields() {
        java.util.List<String> fields = new java.util.ArrayList<>();
        json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    @Override
    public String toString() {
        return status + " " + headers + (base64Encoded ? " (base64" + (isGzip() ? ", gzip) " : ") ") : " ") + body;
    }
}
