package io.tenantry.shared.page;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.tenantry.shared.problem.ServiceUnavailableException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The cursor keys, read from the Secrets Manager secret {@code TENANTRY_CURSOR_SECRET_ID} (property {@code
 * tenantry.cursor.secret.id}): its {@code AWSCURRENT} version signs, and verifies with its {@code AWSPREVIOUS} one
 * (which may not exist yet). A key's id is a short hash of its {@code VersionId}.
 *
 * <p>Read on first use and kept for a TTL ({@code tenantry.cursor.key.ttl}, default 5 minutes), then read again, so a
 * rotation reaches every instance within the TTL. Never read during initialisation, and forgotten before a SnapStart
 * snapshot and after a restore: SnapStart runs init once per published version, so a key read then would be in every
 * restored instance and would never see a rotation.
 *
 * <p>When Secrets Manager fails, keys read earlier are used for a bounded grace past their TTL ({@code
 * tenantry.cursor.key.grace}, default 1 hour, with a warning and a new attempt every 10 seconds at most); without
 * usable keys the request answers 503 with {@code Retry-After}.
 */
@Requires(classes = SecretsManagerClient.class)
@Singleton
public final class SecretsManagerCursorKeys implements CursorKeys, Resource {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    /** What a 503 tells the caller: Secrets Manager has just failed through the SDK's retries. */
    static final long RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerCursorKeys.class);
    /** During the grace, the longest the cached keys are used before Secrets Manager is tried again. */
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);

    private final BeanProvider<SecretsManagerClient> secretsManager;
    private final Clock clock;
    private final String secretId;
    private final Duration ttl;
    private final Duration grace;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Cached cached;

    /** The keys read, when, and when to read them again. */
    private record Cached(CursorKeyRing ring, Instant readAt, Instant refreshAt) {}

    /** {@code secretsManager} is asked for its client on first use only (a test may pass {@code () -> client}). */
    @Inject
    public SecretsManagerCursorKeys(
            BeanProvider<SecretsManagerClient> secretsManager,
            Clock clock,
            @Value("${tenantry.cursor.secret.id:}") String secretId,
            @Value("${tenantry.cursor.key.ttl:PT5M}") Duration ttl,
            @Value("${tenantry.cursor.key.grace:PT1H}") Duration grace) {
        this.secretsManager = secretsManager;
        this.clock = clock;
        this.secretId = secretId;
        this.ttl = ttl;
        this.grace = grace;
    }

    /** Registers for SnapStart's checkpoint and restore, where there is a CRaC runtime (Lambda). */
    @jakarta.annotation.PostConstruct
    void registerForSnapStart() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public CursorKeyRing keys() {
        Instant now = clock.instant();
        Cached known = cached;
        if (known != null && now.isBefore(known.refreshAt())) {
            return known.ring();
        }
        reading.lock();
        try {
            known = cached;
            if (known != null && now.isBefore(known.refreshAt())) {
                return known.ring();
            }
            return read(known, now);
        } finally {
            reading.unlock();
        }
    }

    private CursorKeyRing read(Cached known, Instant now) {
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalStateException("TENANTRY_CURSOR_SECRET_ID is not set.");
        }
        try {
            CursorKeyRing ring = new CursorKeyRing(key(version(CURRENT)), previous());
            cached = new Cached(ring, now, now.plus(ttl));
            return ring;
        } catch (SdkException | IllegalArgumentException e) {
            Instant usableUntil = known == null ? now : known.readAt().plus(ttl).plus(grace);
            if (known != null && now.isBefore(usableUntil)) {
                LOG.warn(
                        "Reading the cursor keys from Secrets Manager failed; using those read at {} until {} at the"
                                + " latest: {}",
                        known.readAt(),
                        usableUntil,
                        e.toString());
                Instant retryAt = now.plus(RETRY_INTERVAL);
                cached =
                        new Cached(known.ring(), known.readAt(), retryAt.isBefore(usableUntil) ? retryAt : usableUntil);
                return known.ring();
            }
            LOG.error("Reading the cursor keys from Secrets Manager failed, and no usable keys are cached", e);
            throw new ServiceUnavailableException(RETRY_AFTER_SECONDS);
        }
    }

    private Optional<CursorKey> previous() {
        try {
            return Optional.of(key(version(PREVIOUS)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty(); // never rotated yet
        }
    }

    private GetSecretValueResponse version(String stage) {
        return secretsManager.get().getSecretValue(r -> r.secretId(secretId).versionStage(stage));
    }

    private static CursorKey key(GetSecretValueResponse version) {
        byte[] secret = version.secretString() != null
                ? version.secretString().getBytes(StandardCharsets.UTF_8)
                : version.secretBinary() == null
                        ? new byte[0]
                        : version.secretBinary().asByteArray();
        return CursorKey.ofVersion(version.versionId(), secret);
    }

    /** Forgets the keys: none may be in a snapshot. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        cached = null;
    }

    /** Forgets the keys: a restored instance reads them afresh, so it sees the rotations made since the snapshot. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        cached = null;
    }
}
