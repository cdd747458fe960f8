package io.tenantry.media.repository;

import io.tenantry.media.image.Rejection;
import io.tenantry.media.model.MediaRecord;
import io.tenantry.shared.auth.TenantAccess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Storage of a tenant's media records. Every state change is a {@code StateTransitions} transition
 * conditional on the version read; completions throw {@code StaleVersionException} when the record
 * moved on (or vanished) meanwhile.
 */
public interface MediaRepository {

    /**
     * Stores a new record, if the tenant has fewer than {@code quota} media counted; {@code expiresAt}
     * (epoch seconds) lets the table forget it if no upload ever comes. False at the quota. A record
     * counts from its first {@link #claim}, when its upload has arrived and it can no longer expire.
     */
    boolean create(TenantAccess access, MediaRecord record, long expiresAt, long quota);

    Optional<MediaRecord> find(TenantAccess access, String mediaId);

    /** Records newest first, after {@code afterId} (exclusive), at most {@code limit + 1}. */
    List<MediaRecord> listNewestFirst(TenantAccess access, Optional<String> afterId, int limit);

    /**
     * {@code awaiting_upload} (or a {@code processing} whose lease lapsed) → {@code processing},
     * leased for {@code lease}, if the record is still at {@code expectedVersion}; empty when it is not
     * (another worker claimed it, it finished, or it is gone). The {@code firstClaim} of a record that was awaiting its
     * upload also counts it toward the tenant's media quota, in the same transaction: once, however often the claim
     * is retried or its answer lost.
     */
    Optional<MediaRecord> claim(
            TenantAccess access,
            String mediaId,
            long expectedVersion,
            Duration lease,
            String claimant,
            String now,
            boolean firstClaim);

    /** {@code processing} → {@code ready}, with the image's dimensions and its variants. */
    MediaRecord complete(
            TenantAccess access,
            String mediaId,
            long expectedVersion,
            int width,
            int height,
            List<MediaRecord.StoredVariant> variants,
            String now);

    /** {@code processing} → {@code rejected}, with the reason. */
    MediaRecord reject(TenantAccess access, String mediaId, long expectedVersion, Rejection rejection, String now);

    /**
     * Deletes the record if it is still at {@code expectedVersion} ({@code StaleVersionException} otherwise); a record
     * that was {@code counted} toward the quota gives its place back in the same transaction.
     */
    void delete(TenantAccess access, String mediaId, long expectedVersion, boolean counted);
}
