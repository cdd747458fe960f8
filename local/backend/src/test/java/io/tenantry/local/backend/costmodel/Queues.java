package io.tenantry.local.backend.costmodel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The backend's queues, read straight from the embedded SQS (never through the recording proxy, so nothing here is
 * counted): a stretch of the run ends only when every message its requests caused has been handled, so that the
 * background work of one operation (an event's fan-out to webhooks, an invitation email) is not billed to the next.
 */
final class Queues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    private final String endpoint;

    Queues(String sqsEndpoint) {
        this.endpoint = sqsEndpoint;
    }

    /** Waits until no queue holds a message: none visible, in flight or delayed. */
    void awaitDrained() {
        // An invitation whose member was removed before it went out waits one visibility timeout (180 s) to be dropped.
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (true) {
            long held = 0;
            for (JsonNode url : call("ListQueues", "{}").path("QueueUrls")) {
                if (url.asText().contains("DeadLetter") || url.asText().endsWith("DLQ")) {
                    continue;
                }
                JsonNode attributes = call(
                                "GetQueueAttributes",
                                "{\"QueueUrl\":" + JSON.valueToTree(url.asText()) + ",\"AttributeNames\":[\"All\"]}")
                        .path("Attributes");
                for (String name : List.of(
                        "ApproximateNumberOfMessages",
                        "ApproximateNumberOfMessagesNotVisible",
                        "ApproximateNumberOfMessagesDelayed")) {
                    held += attributes.path(name).asLong(0);
                }
            }
            if (held == 0) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the queues did not drain: " + held + " message(s) left");
            CostModelBenchmarkTest.sleep(Duration.ofMillis(50));
        }
    }

    private JsonNode call(String action, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AmazonSQS." + action)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "SQS " + action + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
