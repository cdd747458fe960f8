package io.tenantry.webhooks.repository;

import io.micronaut.context.BeanProvider;
import io.tenantry.shared.problem.ServiceUnavailableException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The data keys that encrypt the endpoints' signing secrets: the AES-256 key is the SHA-256 of a version of the
 * Secrets Manager secret {@code TENANTRY_WEBHOOKS_SIGNING_SECRET_ID} (a generated 48-character value), its id the
 * first 8 hex digits of the SHA-256 of the version's {@code VersionId}. {@code AWSCURRENT} encrypts; a stored secret
 * names the key it was encrypted with, current or {@code AWSPREVIOUS}, so the data key can be rotated like the cursor
 * key (docs/webhooks.md).
 *
 * <p>As with the cursor keys, nothing is read during initialisation: read on first use, kept for 5 minutes, and
 * forgotten before a SnapStart snapshot and after a restore. When Secrets Manager fails with nothing read, the call
 * answers 503 (a route) or fails the message (the worker, which retries).
 */
@Singleton
public class SigningKeys implements Resource {
    static final Duration TTL = Duration.ofMinutes(5);

    private final BeanProvider<SecretsManagerClient> secretsManager;
    private final WebhookSettings settings;
    private final Clock clock;
    private volatile Cached cached;

    /** A data key and its id. */
    public record Key(String id, SecretKey key) {}

    private record Cached(Key current, Optional<Key> previous, Instant refreshAt) {}

    public SigningKeys(BeanProvider<SecretsManagerClient> secretsManager, WebhookSettings settings, Clock clock) {
        this.secretsManager = secretsManager;
        this.settings = settings;
        this.clock = clock;
    }

    @jakarta.annotation.PostConstruct
    void registerForSnapStart() {
        Core.getGlobalContext().register(this);
    }

    /** The key that encrypts. */
    public Key current() {
        return keys().current();
    }

    /** The key of that id, current or previous. */
    public Optional<Key> byId(String id) {
        Cached keys = keys();
        if (keys.current().id().equals(id)) {
            return Optional.of(keys.current());
        }
        return keys.previous().filter(k -> k.id().equals(id));
    }

    private synchronized Cached keys() {
        Instant now = clock.instant();
        Cached known = cached;
        if (known != null && now.isBefore(known.refreshAt())) {
            return known;
        }
        if (settings.signingSecretId().isBlank()) {
            throw new IllegalStateException("TENANTRY_WEBHOOKS_SIGNING_SECRET_ID is not set.");
        }
        try {
            Key current = read("AWSCURRENT")
                    .orElseThrow(() -> new IllegalStateException("The signing key secret has no current version."));
            Cached read = new Cached(current, read("AWSPREVIOUS"), now.plus(TTL));
            cached = read;
            return read;
        } catch (SdkException e) {
            if (known != null) {
                return known;
            }
            throw new ServiceUnavailableException("The webhook signing keys cannot be read now; try again shortly.", 5);
        }
    }

    private Optional<Key> read(String stage) {
        try {
            var value = secretsManager
                    .get()
                    .getSecretValue(b -> b.secretId(settings.signingSecretId()).versionStage(stage));
            byte[] key = sha256(value.secretString());
            String id = HexFormat.of().formatHex(sha256(value.versionId())).substring(0, 8);
            return Optional.of(new Key(id, new SecretKeySpec(key, "AES")));
        } catch (ResourceNotFoundException e) {
            if ("AWSPREVIOUS".equals(stage)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        cached = null;
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        cached = null;
    }
}
