package io.tenantry.local.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Real HTTP calls to a running backend (java.net.http). */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {}

    /** A response with its body as text and, when it parses, as JSON. */
    record Answer(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        String body() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body(), e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + body();
        }
    }

    static Answer send(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer get(String url, Map<String, String> headers) {
        return send("GET", url, headers, null);
    }

    static Answer get(String url) {
        return get(url, Map.of());
    }

    static Answer post(String url, String json, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.putIfAbsent("Content-Type", "application/json");
        return send("POST", url, all, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** A token from the backend's identity provider. */
    static String token(TestBackends.Running backend, String email, String tenantId) {
        String body = tenantId == null
                ? "{\"email\":\"" + email + "\"}"
                : "{\"email\":\"" + email + "\",\"tenantId\":\"" + tenantId + "\"}";
        Answer answer = post(backend.api() + "/local/auth/token", body, Map.of());
        if (answer.status() != 200) {
            throw new AssertionError("No token: " + answer);
        }
        return answer.json().path("token").asText();
    }
}
