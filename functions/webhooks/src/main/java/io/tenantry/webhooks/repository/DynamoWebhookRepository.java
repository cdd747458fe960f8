package io.tenantry.webhooks.repository;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.CountedItems;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.webhooks.model.Delivery;
import io.tenantry.webhooks.model.StoredDelivery;
import io.tenantry.webhooks.model.StoredWebhook;
import io.tenantry.webhooks.model.Webhook;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Endpoints in the tenant's partition, sort key {@code WEBHOOK#<id>} (counted against the plan's quota), and their
 * deliveries, {@code DELIVERY#<webhookId>#<deliveryId>} (delivery ids sort with their event's time, so "newest first"
 * is a reverse query), kept {@value #DELIVERY_DAYS} days ({@code expiresAt}, the table's TTL attribute). Signing
 * secrets are stored only encrypted ({@link SecretCipher}).
 */
@Singleton
public class DynamoWebhookRepository implements WebhookRepository {
    static final String PREFIX = "WEBHOOK#";
    static final String DELIVERY_PREFIX = "DELIVERY#";
    static final int DELIVERY_DAYS = 30;

    private final TenantItems items;
    private final CountedItems counted;

    public DynamoWebhookRepository(TenantItems items, CountedItems counted) {
        this.items = items;
        this.counted = counted;
    }

    @Override
    public boolean create(TenantAccess access, StoredWebhook stored, long quota) {
        Webhook webhook = stored.webhook();
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("id", AttributeValue.fromS(webhook.id()));
        attributes.put("url", AttributeValue.fromS(webhook.url()));
        attributes.put(
                "events",
                AttributeValue.fromL(
                        webhook.events().stream().map(AttributeValue::fromS).toList()));
        if (webhook.description() != null) {
            attributes.put("description", AttributeValue.fromS(webhook.description()));
        }
        attributes.put("createdAt", AttributeValue.fromS(webhook.createdAt()));
        attributes.put("updatedAt", AttributeValue.fromS(webhook.updatedAt()));
        attributes.put("secret", AttributeValue.fromS(stored.encryptedSecret()));
        return switch (counted.create(access, PREFIX + webhook.id(), attributes, Keys.WEBHOOK_COUNT, quota)) {
            case CREATED -> true;
            case QUOTA_REACHED -> false;
            case KEY_TAKEN -> throw new IllegalStateException("Webhook id collision: " + webhook.id());
        };
    }

    @Override
    public Optional<StoredWebhook> find(TenantAccess access, String webhookId) {
        return items.get(access, PREFIX + webhookId).map(DynamoWebhookRepository::toWebhook);
    }

    @Override
    public List<StoredWebhook> listNewestFirst(TenantAccess access, Optional<String> afterId, int limit) {
        Map<String, AttributeValue> start =
                afterId.map(id -> items.startKey(access, PREFIX + id)).orElse(null);
        return items.query(access, PREFIX, limit + 1, start, false).items().stream()
                .map(DynamoWebhookRepository::toWebhook)
                .toList();
    }

    @Override
    public List<StoredWebhook> all(TenantAccess access) {
        List<StoredWebhook> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            TenantItems.Page page = items.query(access, PREFIX, 100, start, true);
            page.items().stream().map(DynamoWebhookRepository::toWebhook).forEach(all::add);
            start = page.lastKey();
        } while (start != null && !start.isEmpty());
        return all;
    }

    @Override
    public StoredWebhook rotate(
            TenantAccess access,
            String webhookId,
            long expectedVersion,
            String encryptedSecret,
            String encryptedPreviousSecret,
            String previousSecretExpiresAt,
            String now) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("secret", AttributeValue.fromS(encryptedSecret));
        set.put("previousSecret", AttributeValue.fromS(encryptedPreviousSecret));
        set.put("previousSecretExpiresAt", AttributeValue.fromS(previousSecretExpiresAt));
        set.put("updatedAt", AttributeValue.fromS(now));
        return toWebhook(items.update(access, PREFIX + webhookId, expectedVersion, set, Set.of()));
    }

    @Override
    public void delete(TenantAccess access, String webhookId, long expectedVersion) {
        counted.delete(access, PREFIX + webhookId, expectedVersion, Keys.WEBHOOK_COUNT);
    }

    @Override
    public boolean createDelivery(TenantAccess access, String webhookId, Delivery delivery) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>(deliveryAttributes(delivery));
        attributes.put("id", AttributeValue.fromS(delivery.id()));
        attributes.put("webhookId", AttributeValue.fromS(webhookId));
        attributes.put("eventId", AttributeValue.fromS(delivery.eventId()));
        attributes.put("type", AttributeValue.fromS(delivery.type()));
        attributes.put("createdAt", AttributeValue.fromS(delivery.createdAt()));
        attributes.put(
                "expiresAt",
                AttributeValue.fromN(String.valueOf(Instant.parse(delivery.createdAt())
                        .plus(Duration.ofDays(DELIVERY_DAYS))
                        .getEpochSecond())));
        return items.create(access, deliveryKey(webhookId, delivery.id()), attributes);
    }

    @Override
    public Optional<StoredDelivery> findDelivery(TenantAccess access, String webhookId, String deliveryId) {
        return items.get(access, deliveryKey(webhookId, deliveryId)).map(DynamoWebhookRepository::toStoredDelivery);
    }

    @Override
    public List<Delivery> listDeliveries(TenantAccess access, String webhookId, Optional<String> afterId, int limit) {
        Map<String, AttributeValue> start = afterId.map(id -> items.startKey(access, deliveryKey(webhookId, id)))
                .orElse(null);
        return items.query(access, DELIVERY_PREFIX + webhookId + "#", limit + 1, start, false).items().stream()
                .map(i -> toStoredDelivery(i).delivery())
                .toList();
    }

    @Override
    public StoredDelivery recordAttempt(TenantAccess access, String webhookId, long expectedVersion, Delivery after) {
        Set<String> remove = new HashSet<>();
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        deliveryAttributes(after).forEach((name, value) -> {
            if (value == null) {
                remove.add(name);
            } else {
                set.put(name, value);
            }
        });
        return toStoredDelivery(items.update(access, deliveryKey(webhookId, after.id()), expectedVersion, set, remove));
    }

    /** The attributes an attempt changes; null values are removed. */
    private static Map<String, AttributeValue> deliveryAttributes(Delivery delivery) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("status", AttributeValue.fromS(delivery.status()));
        attributes.put("attempts", AttributeValue.fromN(String.valueOf(delivery.attempts())));
        attributes.put(
                "lastStatusCode",
                delivery.lastStatusCode() == null
                        ? null
                        : AttributeValue.fromN(String.valueOf(delivery.lastStatusCode())));
        attributes.put(
                "nextAttemptAt",
                delivery.nextAttemptAt() == null ? null : AttributeValue.fromS(delivery.nextAttemptAt()));
        return attributes;
    }

    private static String deliveryKey(String webhookId, String deliveryId) {
        return DELIVERY_PREFIX + webhookId + "#" + deliveryId;
    }

    private static StoredWebhook toWebhook(Item item) {
        AttributeValue events = item.attributes().get("events");
        List<String> types = events == null || !events.hasL()
                ? List.of()
                : events.l().stream().map(AttributeValue::s).toList();
        Webhook webhook = new Webhook(
                item.string("id"),
                item.string("url"),
                types,
                item.string("description"),
                item.string("createdAt"),
                item.string("updatedAt"),
                item.version());
        return new StoredWebhook(
                webhook, item.string("secret"), item.string("previousSecret"), item.string("previousSecretExpiresAt"));
    }

    private static StoredDelivery toStoredDelivery(Item item) {
        AttributeValue code = item.attributes().get("lastStatusCode");
        Delivery delivery = new Delivery(
                item.string("id"),
                item.string("eventId"),
                item.string("type"),
                item.string("status"),
                (int) item.number("attempts"),
                code == null || code.n() == null ? null : Integer.valueOf(code.n()),
                item.string("nextAttemptAt"),
                item.string("createdAt"));
        return new StoredDelivery(item.string("webhookId"), delivery, item.version());
    }
}
