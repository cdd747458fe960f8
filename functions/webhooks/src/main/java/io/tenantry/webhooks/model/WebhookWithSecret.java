package io.tenantry.webhooks.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A webhook endpoint with its signing {@code secret} ({@code whsec_…}): the answer of its creation and of a
 * rotation, and of nothing else. {@code previousSecretExpiresAt} is when the secret before a rotation stops signing
 * (null when there is none).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WebhookWithSecret(
        String id,
        String url,
        List<String> events,
        String description,
        String createdAt,
        String updatedAt,
        long version,
        String secret,
        String previousSecretExpiresAt) {

    public static WebhookWithSecret of(Webhook webhook, String secret, String previousSecretExpiresAt) {
        return new WebhookWithSecret(
                webhook.id(),
                webhook.url(),
                webhook.events(),
                webhook.description(),
                webhook.createdAt(),
                webhook.updatedAt(),
                webhook.version(),
                secret,
                previousSecretExpiresAt);
    }
}
