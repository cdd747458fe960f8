package io.tenantry.webhooks.service;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.page.CursorCodec;
import io.tenantry.shared.page.Page;
import io.tenantry.shared.page.PageRequest;
import io.tenantry.shared.plan.PlanLimits;
import io.tenantry.shared.plan.PlanLimits.Quota;
import io.tenantry.shared.problem.ConflictException;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.problem.QuotaExceededException;
import io.tenantry.shared.problem.ValidationException;
import io.tenantry.webhooks.model.CreateWebhookRequest;
import io.tenantry.webhooks.model.Delivery;
import io.tenantry.webhooks.model.StoredWebhook;
import io.tenantry.webhooks.model.Webhook;
import io.tenantry.webhooks.model.WebhookWithSecret;
import io.tenantry.webhooks.repository.SecretCipher;
import io.tenantry.webhooks.repository.WebhookRepository;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant's webhook endpoints: register (the target checked by {@link TargetGuard}, the secret shown once and
 * stored encrypted), list, read, delete, rotate the secret (the old one keeps signing for {@link #OVERLAP}), and
 * list an endpoint's deliveries.
 */
@Singleton
public class WebhookService {
    static final String COLLECTION = "webhooks";
    static final Duration OVERLAP = Duration.ofHours(24);
    static final int WRITE_ATTEMPTS = 3;
    private static final Pattern ID = Pattern.compile("whk_[0-9A-HJKMNP-TV-Z]{26}");

    private final WebhookRepository webhooks;
    private final SecretCipher cipher;
    private final TargetGuard guard;
    private final TenantPlans plans;
    private final CursorCodec cursors;
    private final Clock clock;
    private volatile SecureRandom random;

    public WebhookService(
            WebhookRepository webhooks,
            SecretCipher cipher,
            TargetGuard guard,
            TenantPlans plans,
            CursorCodec cursors,
            Clock clock) {
        this.webhooks = webhooks;
        this.cipher = cipher;
        this.guard = guard;
        this.plans = plans;
        this.cursors = cursors;
        this.clock = clock;
    }

    /** Registers an endpoint; 400 naming {@code url} for a target it may not have, 409 past the plan's quota. */
    public WebhookWithSecret create(TenantAccess access, CreateWebhookRequest request) {
        guard.checkRegistration(request.url()).ifPresent(why -> {
            throw new ValidationException(List.of(new FieldError("url", why)));
        });
        long quota = PlanLimits.of(plans.planOf(access)).quota(Quota.WEBHOOKS);
        String now = now();
        Webhook webhook = new Webhook(
                Ids.webhookId(),
                request.url(),
                request.events(),
                request.description().orElse(null),
                now,
                now,
                1);
        String secret = Signatures.newSecret(random());
        String sealed = cipher.encrypt(secret, access.tenantId(), webhook.id());
        if (!webhooks.create(access, new StoredWebhook(webhook, sealed, null, null), quota)) {
            throw new QuotaExceededException(Quota.WEBHOOKS, quota);
        }
        return WebhookWithSecret.of(webhook, secret, null);
    }

    public Page<Webhook> list(TenantAccess access, PageRequest page) {
        Optional<String> after =
                page.cursor().map(c -> cursors.decode(access, COLLECTION, c).get("id"));
        List<Webhook> found = webhooks.listNewestFirst(access, after, page.limit()).stream()
                .map(StoredWebhook::webhook)
                .toList();
        if (found.size() <= page.limit()) {
            return new Page<>(found, null);
        }
        List<Webhook> items = found.subList(0, page.limit());
        return new Page<>(
                items,
                cursors.encode(access, COLLECTION, Map.of("id", items.getLast().id())));
    }

    public Webhook get(TenantAccess access, String webhookId) {
        return stored(access, webhookId).webhook();
    }

    /** Deletes the endpoint: its pending deliveries stop at their next attempt. */
    public void delete(TenantAccess access, String webhookId) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            StoredWebhook current = stored(access, webhookId);
            try {
                webhooks.delete(access, webhookId, current.version());
                return;
            } catch (StaleVersionException e) {
                // Changed meanwhile (a rotation): read it again.
            }
        }
        throw busy();
    }

    /** A new secret; the current one keeps signing, beside it, for 24 hours (a previous one still in use is dropped). */
    public WebhookWithSecret rotate(TenantAccess access, String webhookId) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            StoredWebhook current = stored(access, webhookId);
            String secret = Signatures.newSecret(random());
            String sealed = cipher.encrypt(secret, access.tenantId(), webhookId);
            String until = Instant.now(clock)
                    .plus(OVERLAP)
                    .truncatedTo(ChronoUnit.MILLIS)
                    .toString();
            try {
                StoredWebhook rotated = webhooks.rotate(
                        access, webhookId, current.version(), sealed, current.encryptedSecret(), until, now());
                return WebhookWithSecret.of(rotated.webhook(), secret, until);
            } catch (StaleVersionException e) {
                // Changed meanwhile: read it again.
            }
        }
        throw busy();
    }

    public Page<Delivery> deliveries(TenantAccess access, String webhookId, PageRequest page) {
        stored(access, webhookId);
        String collection = "webhook-deliveries:" + webhookId;
        Optional<String> after =
                page.cursor().map(c -> cursors.decode(access, collection, c).get("id"));
        List<Delivery> found = webhooks.listDeliveries(access, webhookId, after, page.limit());
        if (found.size() <= page.limit()) {
            return new Page<>(found, null);
        }
        List<Delivery> items = found.subList(0, page.limit());
        return new Page<>(
                items,
                cursors.encode(access, collection, Map.of("id", items.getLast().id())));
    }

    private StoredWebhook stored(TenantAccess access, String webhookId) {
        if (!ID.matcher(webhookId).matches()) {
            throw notFound();
        }
        return webhooks.find(access, webhookId).orElseThrow(WebhookService::notFound);
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private SecureRandom random() {
        SecureRandom r = random;
        if (r == null) {
            r = new SecureRandom();
            random = r;
        }
        return r;
    }

    private static ConflictException busy() {
        return new ConflictException("The webhook is being changed by other requests; try again.");
    }

    private static NotFoundException notFound() {
        return new NotFoundException("There is no such webhook.");
    }
}
