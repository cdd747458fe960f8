package io.tenantry.webhooks.repository;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.webhooks.model.Delivery;
import io.tenantry.webhooks.model.StoredDelivery;
import io.tenantry.webhooks.model.StoredWebhook;
import java.util.List;
import java.util.Optional;

/** Storage of a tenant's webhook endpoints and their deliveries. */
public interface WebhookRepository {

    /** Stores a new endpoint if the tenant has fewer than {@code quota}; false when it has not. */
    boolean create(TenantAccess access, StoredWebhook webhook, long quota);

    Optional<StoredWebhook> find(TenantAccess access, String webhookId);

    /** Endpoints newest first, after {@code afterId} (exclusive), at most {@code limit + 1}. */
    List<StoredWebhook> listNewestFirst(TenantAccess access, Optional<String> afterId, int limit);

    /** Every endpoint of the tenant (the worker's fan-out; a plan's quota bounds them). */
    List<StoredWebhook> all(TenantAccess access);

    /** Replaces the secrets at {@code expectedVersion}; {@code StaleVersionException} otherwise. */
    StoredWebhook rotate(
            TenantAccess access,
            String webhookId,
            long expectedVersion,
            String encryptedSecret,
            String encryptedPreviousSecret,
            String previousSecretExpiresAt,
            String now);

    /** Deletes at {@code expectedVersion} (uncounting it); {@code StaleVersionException} otherwise. */
    void delete(TenantAccess access, String webhookId, long expectedVersion);

    /** Stores a new delivery; false when one of that id exists already. */
    boolean createDelivery(TenantAccess access, String webhookId, Delivery delivery);

    Optional<StoredDelivery> findDelivery(TenantAccess access, String webhookId, String deliveryId);

    /** The endpoint's deliveries newest first, after {@code afterId} (exclusive), at most {@code limit + 1}. */
    List<Delivery> listDeliveries(TenantAccess access, String webhookId, Optional<String> afterId, int limit);

    /** Records an attempt at {@code expectedVersion}; {@code StaleVersionException} otherwise. */
    StoredDelivery recordAttempt(TenantAccess access, String webhookId, long expectedVersion, Delivery after);
}
