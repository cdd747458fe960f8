package io.tenantry.local.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.function.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns a function's result into the HTTP response, by API Gateway's payload-2.0 rules: an object with a
 * {@code statusCode} gives the status, {@code headers}, {@code multiValueHeaders}, {@code cookies} (one
 * {@code Set-Cookie} each) and {@code body} (decoded from base64 when {@code isBase64Encoded}); any other valid JSON is
 * a 200 {@code application/json} whose body is that JSON.
 */
public final class ApiResponses {
    private ApiResponses() {}

    /** The result is not a response API Gateway can send (it would answer 500). */
    public static final class MalformedResponse extends Exception {
        MalformedResponse(String message) {
            super(message);
        }
    }

    public static HttpReply toReply(byte[] result) throws MalformedResponse {
        JsonNode root;
        try {
            root = Json.parse(result);
        } catch (JsonProcessingException e) {
            throw new MalformedResponse("the function's result is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.has("statusCode")) {
            return new HttpReply(200, result).header("Content-Type", "application/json");
        }
        JsonNode status = root.get("statusCode");
        if (!status.canConvertToInt() || status.asInt() < 100 || status.asInt() > 599) {
            throw new MalformedResponse("statusCode " + status + " is not an HTTP status");
        }
        byte[] body = new byte[0];
        JsonNode bodyNode = root.get("body");
        if (bodyNode != null && !bodyNode.isNull()) {
            String text = bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
            if (root.path("isBase64Encoded").asBoolean(false)) {
                try {
                    body = Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw new MalformedResponse("isBase64Encoded is true but the body is not base64");
                }
            } else {
                body = text.getBytes(StandardCharsets.UTF_8);
            }
        }
        HttpReply reply = new HttpReply(status.asInt(), body);
        JsonNode headers = root.get("headers");
        if (headers != null && headers.isObject()) {
            headers.properties().forEach(h -> {
                if (!h.getValue().isNull()) {
                    reply.header(h.getKey(), h.getValue().asText());
                }
            });
        }
        JsonNode multi = root.get("multiValueHeaders");
        if (multi != null && multi.isObject()) {
            multi.properties().forEach(h -> {
                if (h.getValue().isArray()) {
                    h.getValue().forEach(v -> reply.header(h.getKey(), v.asText()));
                }
            });
        }
        JsonNode cookies = root.get("cookies");
        if (cookies != null && cookies.isArray()) {
            cookies.forEach(c -> reply.header("Set-Cookie", c.asText()));
        }
        return reply;
    }
}
