package io.tenantry.local.backend.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Answers with the event it received, as JSON text in the body, so tests see exactly what the gateway sent. The
 * query steers the response: {@code status}, {@code cookie} (added to {@code cookies}), {@code binary} (a base64 body
 * of these bytes), {@code cors} (a CORS header the gateway must replace).
 */
public final class EchoHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        JsonNode query = event.path("queryStringParameters");
        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", query.path("status").asInt(200));
        ObjectNode headers = response.putObject("headers");
        headers.put("content-type", "application/json");
        headers.put("x-function", context.getFunctionName());
        headers.put("x-lambda-request-id", context.getAwsRequestId());
        if (query.has("cors")) {
            headers.put("access-control-allow-origin", "https://evil.test");
        }
        if (query.has("cookie")) {
            response.putArray("cookies").add(query.get("cookie").asText()).add("second=2; Path=/");
        }
        if (query.has("binary")) {
            headers.put("content-type", "application/octet-stream");
            response.put("body", java.util.Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 0xff}));
            response.put("isBase64Encoded", true);
        } else {
            response.put("body", JSON.writeValueAsString(event));
        }
        JSON.writeValue(output, response);
    }
}
