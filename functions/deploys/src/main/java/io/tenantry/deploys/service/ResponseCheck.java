package io.tenantry.deploys.service;

import io.micronaut.json.JsonMapper;
import io.tenantry.deploys.repository.Invocation;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a route's answer is one a customer could be given: the invocation succeeded, the payload is an HTTP API
 * response, its status is below 500, and its body is the JSON the contract promises (an object; a problem whose
 * {@code status} is the response's for a 4xx). Empty means it is; otherwise, why not.
 */
@Singleton
public final class ResponseCheck {
    private final JsonMapper json;

    public ResponseCheck(JsonMapper json) {
        this.json = json;
    }

    public Optional<String> problemWith(Invocation invocation) {
        if (invocation.failed()) {
            return Optional.of("the invocation failed (HTTP " + invocation.status() + ", "
                    + Optional.ofNullable(invocation.functionError()).orElse("no function error") + "): "
                    + abbreviate(invocation.payload()));
        }
        Map<?, ?> response = object(invocation.payload());
        if (response == null || !(response.get("statusCode") instanceof Number code)) {
            return Optional.of("not an HTTP API response: " + abbreviate(invocation.payload()));
        }
        int status = code.intValue();
        if (status >= 500) {
            return Optional.of("answered " + status + ": " + abbreviate(String.valueOf(response.get("body"))));
        }
        if (status == 204 || status == 304) {
            return Optional.empty();
        }
        if (!(response.get("body") instanceof String body) || body.isEmpty()) {
            return Optional.of("answered " + status + " without a body");
        }
        if (Boolean.TRUE.equals(response.get("isBase64Encoded"))) {
            return Optional.of("answered " + status + " with a base64 body, not JSON");
        }
        Map<?, ?> parsed = object(body);
        if (parsed == null) {
            return Optional.of("answered " + status + " with a body that is not a JSON object: " + abbreviate(body));
        }
        if (status >= 400
                && !(parsed.get("status") instanceof Number problemStatus && problemStatus.intValue() == status)) {
            return Optional.of("answered " + status + " with a body that is not its problem: " + abbreviate(body));
        }
        return Optional.empty();
    }

    private Map<?, ?> object(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readValue(text, Map.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "(none)";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
