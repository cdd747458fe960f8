package io.tenantry.webhooks.model;

/**
 * A webhook as stored: the endpoint, and its signing secrets encrypted ({@code SecretCipher}'s format; never the
 * secret itself). {@code encryptedPreviousSecret} and {@code previousSecretExpiresAt} are null when no rotation is
 * in its 24-hour overlap.
 */
public record StoredWebhook(
        Webhook webhook, String encryptedSecret, String encryptedPreviousSecret, String previousSecretExpiresAt) {

    public String id() {
        return webhook.id();
    }

    public long version() {
        return webhook.version();
    }
}
