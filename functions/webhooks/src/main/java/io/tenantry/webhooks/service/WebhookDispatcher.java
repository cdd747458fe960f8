package io.tenantry.webhooks.service;

import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.events.EventTypes;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.metrics.BusinessMetrics;
import io.tenantry.shared.metrics.MetricNames;
import io.tenantry.shared.queue.UnusableMessageException;
import io.tenantry.webhooks.model.Delivery;
import io.tenantry.webhooks.model.StoredDelivery;
import io.tenantry.webhooks.model.StoredWebhook;
import io.tenantry.webhooks.model.WebhookMessage;
import io.tenantry.webhooks.repository.SecretCipher;
import io.tenantry.webhooks.repository.WebhookQueue;
import io.tenantry.webhooks.repository.WebhookRepository;
import io.tenantry.webhooks.repository.WebhookSettings;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook worker's service: for a tenant event, one delivery per endpoint of that tenant subscribed to its type
 * (the delivery id is derived from the event and the endpoint, and created with a conditional put, so a redelivered
 * event makes no second delivery), each queued as its first attempt; for an attempt, once it is due, the signed
 * {@code POST} ({@link WebhookSender}), and then {@code delivered}, the next attempt queued (the {@link RetrySchedule}),
 * or {@code failed} after 24 hours. Every attempt of a delivery carries the same body and {@code webhook-id} (the
 * event id). A deleted endpoint gets no more attempts.
 */
@Singleton
public class WebhookDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** An attempt that comes this early or less is made now rather than queued again. */
    private static final Duration EARLY_ENOUGH = Duration.ofSeconds(1);

    private final WebhookRepository webhooks;
    private final WebhookQueue queue;
    private final WebhookSender sender;
    private final SecretCipher cipher;
    private final WebhookSettings settings;
    private final BusinessMetrics business;
    private final Clock clock;
    private final RetrySchedule schedule;

    public WebhookDispatcher(
            WebhookRepository webhooks,
            WebhookQueue queue,
            WebhookSender sender,
            SecretCipher cipher,
            WebhookSettings settings,
            BusinessMetrics business,
            Clock clock) {
        this.webhooks = webhooks;
        this.queue = queue;
        this.sender = sender;
        this.cipher = cipher;
        this.settings = settings;
        this.business = business;
        this.clock = clock;
        this.schedule = new RetrySchedule(settings.retryScale());
    }

    public String deadLetterQueueUrl() {
        return settings.deadLetterQueueUrl();
    }

    /** Handles one message of the events queue; {@code rawBody} is its body as it came. */
    public void dispatch(WebhookMessage message, String rawBody) {
        if (message.id() == null || message.type() == null || message.tenantId() == null) {
            throw new UnusableMessageException("The message names no event, type or tenant.");
        }
        TenantAccess access;
        try {
            access = SystemAccess.forWorker(message.tenantId());
        } catch (IllegalArgumentException e) {
            throw new UnusableMessageException("The message's tenant id is not a tenant id.");
        }
        if (message.isAttempt()) {
            attempt(access, message);
        } else {
            fanOut(access, message, rawBody);
        }
    }

    private void fanOut(TenantAccess access, WebhookMessage event, String body) {
        if (!EventTypes.ALL.contains(event.type())) {
            throw new UnusableMessageException("Unknown event type: " + event.type());
        }
        String now = now();
        List<String> queued = new ArrayList<>();
        for (StoredWebhook webhook : webhooks.all(access)) {
            if (!webhook.webhook().events().contains(event.type())) {
                continue;
            }
            String deliveryId = Ids.deliveryId(event.id(), webhook.id());
            Delivery delivery = new Delivery(deliveryId, event.id(), event.type(), Delivery.PENDING, 0, null, now, now);
            if (!webhooks.createDelivery(access, webhook.id(), delivery)) {
                // Made by an earlier delivery of this event: queue its first attempt again only if none was made.
                StoredDelivery existing =
                        webhooks.findDelivery(access, webhook.id(), deliveryId).orElse(null);
                if (existing == null
                        || !Delivery.PENDING.equals(existing.delivery().status())
                        || existing.delivery().attempts() > 0) {
                    continue;
                }
            }
            queue.send(
                    new WebhookMessage(
                            event.id(), event.type(), null, event.tenantId(), webhook.id(), deliveryId, 0, now, body),
                    0);
            queued.add(deliveryId);
        }
        LOG.atInfo()
                .addKeyValue("eventId", event.id())
                .addKeyValue("eventType", event.type())
                .addKeyValue("deliveries", queued.size())
                .log("Event fanned out");
    }

    private void attempt(TenantAccess access, WebhookMessage message) {
        if (message.webhookId() == null || message.body() == null || message.attempt() == null) {
            throw new UnusableMessageException("An attempt names no webhook, body or attempt number.");
        }
        Instant now = clock.instant();
        Instant due = parse(message.dueAt(), now);
        if (Duration.between(now, due).compareTo(EARLY_ENOUGH) > 0) {
            queue.send(message, (long) Math.ceil(Duration.between(now, due).toMillis() / 1000.0));
            return;
        }
        StoredDelivery stored = webhooks.findDelivery(access, message.webhookId(), message.deliveryId())
                .orElse(null);
        if (stored == null
                || !Delivery.PENDING.equals(stored.delivery().status())
                || stored.delivery().attempts() != message.attempt()) {
            return; // gone, done, or this attempt was made already
        }
        StoredWebhook webhook = webhooks.find(access, message.webhookId()).orElse(null);
        if (webhook == null) {
            LOG.atInfo()
                    .addKeyValue("deliveryId", message.deliveryId())
                    .log("The webhook was deleted; its delivery stops");
            return;
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(cipher.decrypt(webhook.encryptedSecret(), access.tenantId(), webhook.id()));
        if (webhook.encryptedPreviousSecret() != null
                && webhook.previousSecretExpiresAt() != null
                && now.isBefore(Instant.parse(webhook.previousSecretExpiresAt()))) {
            secrets.add(cipher.decrypt(webhook.encryptedPreviousSecret(), access.tenantId(), webhook.id()));
        }
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", message.id(),
                "webhook-timestamp", String.valueOf(timestamp),
                "webhook-signature", Signatures.header(message.id(), timestamp, message.body(), secrets));
        WebhookSender.Result result = sender.post(webhook.webhook().url(), message.body(), headers);

        Delivery before = stored.delivery();
        int attempts = before.attempts() + 1;
        Instant after = clock.instant();
        Delivery next;
        if (result.delivered()) {
            next = new Delivery(
                    before.id(),
                    before.eventId(),
                    before.type(),
                    Delivery.DELIVERED,
                    attempts,
                    result.statusCode(),
                    null,
                    before.createdAt());
        } else {
            Instant retryAt = after.plus(schedule.delayAfter(attempts, ThreadLocalRandom.current()));
            boolean giveUp = retryAt.isAfter(parse(before.createdAt(), after).plus(schedule.window()));
            next = new Delivery(
                    before.id(),
                    before.eventId(),
                    before.type(),
                    giveUp ? Delivery.FAILED : Delivery.PENDING,
                    attempts,
                    result.statusCode(),
                    giveUp ? null : retryAt.truncatedTo(ChronoUnit.MILLIS).toString(),
                    before.createdAt());
            if (!giveUp) {
                // Queued before the attempt is recorded: if recording fails, the message comes back and the
                // attempt is made again (at least once), never lost.
                queue.send(
                        new WebhookMessage(
                                message.id(),
                                message.type(),
                                null,
                                message.tenantId(),
                                message.webhookId(),
                                message.deliveryId(),
                                attempts,
                                next.nextAttemptAt(),
                                message.body()),
                        (long) Math.ceil(Duration.between(after, retryAt).toMillis() / 1000.0));
            }
        }
        try {
            webhooks.recordAttempt(access, message.webhookId(), stored.version(), next);
        } catch (StaleVersionException e) {
            return; // another delivery of this message recorded it
        }
        if (Delivery.DELIVERED.equals(next.status())) {
            business.record(MetricNames.WEBHOOKS_DELIVERED, access);
        } else if (Delivery.FAILED.equals(next.status())) {
            business.record(MetricNames.WEBHOOK_DELIVERIES_FAILED, access);
        }
        LOG.atInfo()
                .addKeyValue("deliveryId", next.id())
                .addKeyValue("eventId", next.eventId())
                .addKeyValue("attempt", attempts)
                .addKeyValue("statusCode", result.statusCode())
                .addKeyValue("error", result.error())
                .addKeyValue("status", next.status())
                .log("Webhook delivery attempted");
    }

    private static Instant parse(String instant, Instant otherwise) {
        try {
            return instant == null ? otherwise : Instant.parse(instant);
        } catch (RuntimeException e) {
            return otherwise;
        }
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
