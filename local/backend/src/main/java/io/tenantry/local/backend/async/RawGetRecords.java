package io.tenantry.local.backend.async;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.function.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Streams' {@code GetRecords} called through its JSON protocol, signed with the streams client's own
 * endpoint, region and credentials, so that each record's attribute values stay exactly as DynamoDB wrote them, as
 * Lambda passes them on. Through the SDK's model they would not: DynamoDB Local's streams write an empty map as
 * {@code {}}, which the model reads as an attribute value of no type, and nothing could be made of it
 * ({@link StreamEvents#item} repairs it from the JSON).
 */
final class RawGetRecords implements AutoCloseable {
    private static final String TARGET = "DynamoDBStreams_20120810.GetRecords";
    /** Headers the JDK's client sets itself and refuses from a caller. */
    private static final Set<String> SET_BY_THE_CLIENT = Set.of("host", "content-length");

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI endpoint;
    private final String region;
    private final DynamoDbStreamsClient streams;
    /** Straight to the emulator on this machine, never through a proxy the JVM may have as its default. */
    private final HttpClient http = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(TIMEOUT)
            .build();

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** One page of a shard: its records, as DynamoDB JSON, and the iterator to read on with (null: the shard ended). */
    record Page(List<JsonNode> records, String nextShardIterator) {}

    RawGetRecords(DynamoDbStreamsClient streams) {
        this.streams = streams;
        this.endpoint = streams.serviceClientConfiguration()
                .endpointOverride()
                .orElseThrow(() -> new IllegalArgumentException("The local streams client has no endpoint override"));
        this.region = streams.serviceClientConfiguration().region().id();
    }

    /** Up to {@code limit} records from {@code iterator}; throws {@link ExpiredIteratorException} as the SDK does. */
    Page read(String iterator, int limit) {
        byte[] body = Json.bytes(Json.object().put("ShardIterator", iterator).put("Limit", limit));
        HttpResponse<byte[]> response = send(body);
        JsonNode answer = Json.tryParse(response.body());
        if (response.statusCode() != 200 || answer == null) {
            throw failure(response.statusCode(), answer, response.body());
        }
        List<JsonNode> records = new ArrayList<>();
        answer.path("Records").forEach(records::add);
        JsonNode next = answer.get("NextShardIterator");
        return new Page(List.copyOf(records), next == null || next.isNull() ? null : next.asText());
    }

    private HttpResponse<byte[]> send(byte[] body) {
        AwsCredentialsIdentity identity = streams.serviceClientConfiguration()
                .credentialsProvider()
                .resolveIdentity()
                .join();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(SdkHttpRequest.builder()
                        .method(SdkHttpMethod.POST)
                        .uri(endpoint)
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("X-Amz-Target", TARGET)
                        .build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!SET_BY_THE_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("GetRecords at " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading a stream", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private static RuntimeException failure(int status, JsonNode answer, byte[] body) {
        String type = answer == null ? "" : answer.path("__type").asText("");
        String message = answer == null
                ? new String(body, StandardCharsets.UTF_8)
                : answer.path("message").asText(answer.path("Message").asText(""));
        if (type.endsWith("#ExpiredIteratorException")) {
            return ExpiredIteratorException.builder().message(message).build();
        }
        return new IllegalStateException("GetRecords answered HTTP " + status + " " + type + ": " + message);
    }
}
