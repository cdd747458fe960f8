package io.tenantry.webhooks.model;

import io.tenantry.shared.events.EventTypes;
import io.tenantry.shared.json.JsonBody;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /v1/webhooks}: a {@code url} of at most {@value #MAX_URL} characters (where it may point is
 * checked by the service's target guard), {@code events} (1 to 8 distinct known types) and a {@code description} of at
 * most {@value #MAX_DESCRIPTION} characters.
 */
public record CreateWebhookRequest(String url, List<String> events, Optional<String> description) {
    public static final int MAX_URL = 2048;
    public static final int MAX_DESCRIPTION = 500;

    public static CreateWebhookRequest parse(JsonBody body) {
        String url = body.requiredString("url", 1, MAX_URL);
        List<String> events = body.requiredStrings("events", 1, EventTypes.ALL.size(), 64);
        if (events != null) {
            List<String> unknown =
                    events.stream().filter(e -> !EventTypes.ALL.contains(e)).toList();
            if (!unknown.isEmpty()) {
                body.reject(
                        "events", "unknown event types " + unknown + "; known: " + String.join(", ", EventTypes.ALL));
            } else if (events.stream().distinct().count() != events.size()) {
                body.reject("events", "must not name a type twice");
            }
        }
        Optional<String> description =
                body.isNull("description") ? Optional.empty() : body.optionalString("description", 0, MAX_DESCRIPTION);
        body.validate();
        return new CreateWebhookRequest(url, events, description.filter(d -> !d.isEmpty()));
    }
}
