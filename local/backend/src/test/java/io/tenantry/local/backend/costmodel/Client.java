package io.tenantry.local.backend.costmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The harness's HTTP client: API calls go straight to the local backend's HTTP API (never through the recording
 * proxy), presigned S3 URLs go through the proxy, so that the object requests a client makes are counted like the
 * functions' own.
 */
final class Client implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String api;
    private final HttpClient direct;
    private final HttpClient viaProxy;

    Client(String api, InetSocketAddress proxy) {
        this.api = api;
        this.direct = HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.viaProxy = HttpClient.newBuilder()
                .proxy(ProxySelector.of(proxy))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** An answer, with its body as text and, when it parses, as JSON. */
    record Answer(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body(), e);
            }
        }

        Answer expect(int... statuses) {
            for (int expected : statuses) {
                if (status == expected) {
                    return this;
                }
            }
            throw new AssertionError(
                    "Expected HTTP " + java.util.Arrays.toString(statuses) + ", got " + status + ": " + body());
        }
    }

    /** A call of the HTTP API; {@code requestId} is sent as {@code X-Request-Id} and appears in the invocation log. */
    Answer api(String method, String path, String token, String json, String requestId, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        headers.forEach(request::header);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method,
                json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return send(direct, request.build());
    }

    Answer api(String method, String path, String token, String json, String requestId) {
        return api(method, path, token, json, requestId, Map.of());
    }

    /**
     * An operator's direct invocation of a function through the local Lambda Invoke API at {@code lambdaUrl} (as a
     * billing system changes a plan), not through the proxy.
     */
    Answer invoke(String lambdaUrl, String function, String json) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(lambdaUrl + "/2015-03-31/functions/" + function + "/invocations"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return send(direct, request);
    }

    /** A presigned S3 URL, through the recording proxy. */
    Answer presigned(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                request.header(name, value);
            }
        });
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return send(viaProxy, request.build());
    }

    private static Answer send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string literal. */
    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        direct.close();
        viaProxy.close();
    }
}
