package io.tenantry.local.testkit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A handler's HTTP response, with its JSON body parsed for assertions. */
public record ApiResult(int status, Map<String, String> headers, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Invokes a handler the way Lambda does (no Lambda context in tests) and keeps its response. */
    public static ApiResult call(
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        return new ApiResult(
                response.getStatusCode(),
                response.getHeaders() == null ? Map.of() : response.getHeaders(),
                response.getBody());
    }

    public static ApiResult call(
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, ApiEvent event) {
        return call(handler, event.build());
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
        return status + " " + headers + " " + body;
    }
}
