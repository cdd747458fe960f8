package io.tenantry.local.backend.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DynamoDB stream consumer that reads the event as raw JSON (so the tests see exactly what the poller sent) and
 * records each invocation's event text under {@code OutboxRelay}. An item whose {@code behaviour} is {@code fail-once}
 * is reported as a batch item failure (its sequence number) the first time it comes; {@code poison} makes every
 * invocation that carries it throw.
 */
public final class OutboxRelay implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        Recorded.add("OutboxRelay", event.toString());
        ObjectNode response = JSON.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        for (JsonNode record : event.path("Records")) {
            JsonNode dynamodb = record.path("dynamodb");
            String behaviour =
                    dynamodb.path("NewImage").path("behaviour").path("S").asText("");
            String key = dynamodb.path("Keys").toString();
            if (behaviour.equals("poison")) {
                throw new IllegalStateException("a poison outbox item: " + key);
            }
            if (behaviour.equals("fail-once") && FAILED_ONCE.add(key)) {
                failures.addObject()
                        .put("itemIdentifier", dynamodb.path("SequenceNumber").asText());
            }
        }
        JSON.writeValue(output, response);
    }
}
