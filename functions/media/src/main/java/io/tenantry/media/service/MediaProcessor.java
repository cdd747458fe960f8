package io.tenantry.media.service;

import io.micronaut.context.annotation.Value;
import io.tenantry.media.image.ImageProcessor;
import io.tenantry.media.image.ImageRejectedException;
import io.tenantry.media.image.Rejection;
import io.tenantry.media.model.CreateMediaRequest;
import io.tenantry.media.model.MediaRecord;
import io.tenantry.media.model.MediaStatus;
import io.tenantry.media.repository.MediaKeys;
import io.tenantry.media.repository.MediaObjects;
import io.tenantry.media.repository.MediaQueueSettings;
import io.tenantry.media.repository.MediaRepository;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.events.EventPublisher;
import io.tenantry.shared.events.EventTypes;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metrics.BusinessMetrics;
import io.tenantry.shared.metrics.MetricNames;
import io.tenantry.shared.plan.PlanLimits;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The media worker's work for one uploaded object: check it, make its variants, record the outcome.
 *
 * <p>Idempotent: the record moves {@code awaiting_upload → processing → ready | rejected}, each step
 * a conditional write on the version read ({@code StateTransitions}: a claim, then its completion). Only the worker whose claim succeeds reads the upload and
 * writes variants; a redelivered message finds the record finished and changes nothing; a second
 * worker finds it {@code processing} and backs off (its message comes back later, by when the first
 * has finished). A claim is a lease: if its worker died, the next delivery after {@code
 * media.processing-lease} takes over.
 *
 * <p>The upload itself is never served and may carry metadata (GPS positions, camera serials): it
 * is removed once the record is finished, whichever way. An object whose record does not exist
 * (never created, or deleted) is removed with everything under its prefix.
 */
@Singleton
public class MediaProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(MediaProcessor.class);
    static final int ATTEMPTS = 3;

    private final UsageMeter meter;
    private final EventPublisher events;
    private final BusinessMetrics business;
    private final MediaRepository media;
    private final MediaObjects objects;
    private final TenantPlans plans;
    private final ImageProcessor images;
    private final Clock clock;
    private final Duration lease;
    private final MediaQueueSettings queue;

    public MediaProcessor(
            MediaRepository media,
            MediaQueueSettings queue,
            MediaObjects objects,
            TenantPlans plans,
            ImageProcessor images,
            Clock clock,
            UsageMeter meter,
            BusinessMetrics business,
            EventPublisher events,
            @Value("${media.processing-lease:PT2M}") Duration lease) {
        this.events = events;
        this.meter = meter;
        this.business = business;
        this.media = media;
        this.objects = objects;
        this.plans = plans;
        this.images = images;
        this.clock = clock;
        this.lease = lease;
        this.queue = queue;
    }

    /** Where a message that can never succeed goes at once. */
    public String deadLetterQueueUrl() {
        return queue.deadLetterQueueUrl();
    }

    /** What became of one notification. */
    public enum Outcome {
        /** Not an upload of this bucket's key scheme: nothing done. */
        IGNORED,
        /** No record for the upload: its objects were removed. */
        REMOVED_ORPHAN,
        /** The record was already finished: nothing changed (a redelivery, or a second upload). */
        ALREADY_DONE,
        READY,
        REJECTED
    }

    /** Another worker holds the record; the message should come back later. */
    public static final class BusyException extends RuntimeException {
        BusyException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Handles the notification that {@code key} was written to {@code bucket}. The {@code claimant} (the message's id)
     * marks the claim: a claim already held by the same claimant is an earlier try of this same delivery (retried
     * after an outage, or a claim whose answer was lost), which carries on instead of waiting out its own lease.
     */
    public Outcome process(String bucket, String key, String claimant) {
        if (!objects.bucket().equals(bucket)) {
            LOG.atWarn().addKeyValue("bucket", bucket).log("Notification for another bucket ignored");
            return Outcome.IGNORED;
        }
        Optional<MediaKeys.Upload> upload = MediaKeys.parseUpload(key);
        if (upload.isEmpty()) {
            LOG.atWarn().addKeyValue("key", key).log("Notification for a key outside the upload scheme ignored");
            return Outcome.IGNORED;
        }
        TenantAccess access = SystemAccess.forWorker(upload.get().tenantId());
        String mediaId = upload.get().mediaId();
        MDC.put("tenantId", access.tenantId());
        MDC.put("mediaId", mediaId);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<MediaRecord> found = media.find(access, mediaId);
            if (found.isEmpty()) {
                int removed = objects.deletePrefix(MediaKeys.prefix(access, mediaId));
                LOG.atInfo().addKeyValue("objects", removed).log("Upload without a media record removed");
                return Outcome.REMOVED_ORPHAN;
            }
            MediaRecord record = found.get();
            if (record.status().terminal()) {
                objects.delete(MediaKeys.original(access, mediaId));
                return Outcome.ALREADY_DONE;
            }
            if (record.status() == MediaStatus.PROCESSING && !leaseLapsed(record)) {
                if (claimant.equals(record.claimedBy())) {
                    return processClaimed(access, record);
                }
                throw new BusyException("Media " + mediaId + " is being processed until " + record.processingUntil());
            }
            // From its first claim (its bytes are here and it can no longer expire) a record counts toward the quota.
            Optional<MediaRecord> claimed = media.claim(
                    access,
                    mediaId,
                    record.version(),
                    lease,
                    claimant,
                    now().toString(),
                    record.status() == MediaStatus.AWAITING_UPLOAD);
            if (claimed.isEmpty()) {
                continue;
            }
            return processClaimed(access, claimed.get());
        }
        throw new BusyException("Media " + mediaId + " kept changing while being claimed");
    }

    private Outcome processClaimed(TenantAccess access, MediaRecord record) {
        String original = MediaKeys.original(access, record.id());
        long limit = PlanLimits.mediaFileBytes(plans.planOf(access));
        OptionalLong size = objects.size(original);
        if (size.isEmpty()) {
            throw new IllegalStateException("The upload of " + record.id() + " is missing");
        }
        Rejection rejection = null;
        ImageProcessor.ProcessedImage image = null;
        if (size.getAsLong() == 0) {
            rejection = Rejection.EMPTY;
        } else if (size.getAsLong() > limit) {
            rejection = Rejection.TOO_LARGE;
        } else if (size.getAsLong() != record.sizeBytes()) {
            rejection = Rejection.SIZE_MISMATCH;
        } else {
            try {
                image = images.process(objects.read(original, limit));
            } catch (ImageRejectedException e) {
                rejection = e.rejection();
                LOG.atInfo().addKeyValue("detail", e.getMessage()).log("Upload refused");
            }
        }
        try {
            Outcome outcome = rejection != null ? reject(access, record, rejection) : complete(access, record, image);
            objects.delete(original);
            return outcome;
        } catch (StaleVersionException e) {
            return finishedElsewhere(access, record.id());
        }
    }

    /**
     * Before a SnapStart snapshot, inside a priming run ({@link PrimingGuard}): the steps of an upload's processing
     * that the priming message does not reach (its record does not exist), for a made-up upload of the priming tenant
     * made into {@code image}: the plan's and the upload's reads (they find nothing); the claim, whose quota count
     * makes it a transaction on the version read first, which finds no record and ends there; the variants' upload
     * and the upload's removal, each stopped before it is sent. Nothing is written, metered or counted.
     */
    public void prime(PrimingGuard guard, ImageProcessor.ProcessedImage image) {
        TenantAccess access = SystemAccess.forWorker(Priming.TENANT_ID);
        String now = now().toString();
        MediaRecord record = MediaRecord.awaitingUpload(
                Priming.id("med_"), new CreateMediaRequest("priming.png", "image/png", 1024), now, now);
        String original = MediaKeys.original(access, record.id());
        PlanLimits.mediaFileBytes(plans.planOf(access));
        objects.size(original);
        media.claim(access, record.id(), record.version(), lease, "priming", now, true);
        guard.stopsAt("the variants' upload", () -> complete(access, record, image));
        guard.stopsAt("the upload's removal", () -> objects.delete(original));
    }

    private Outcome reject(TenantAccess access, MediaRecord record, Rejection rejection) {
        events.withEvent(
                access,
                EventTypes.MEDIA_REJECTED,
                eventData(record, "rejected", rejection.code()),
                () -> media.reject(access, record.id(), record.version(), rejection, now().toString()));
        LOG.atInfo().addKeyValue("reasonCode", rejection.code()).log("Media rejected");
        return Outcome.REJECTED;
    }

    private Outcome complete(TenantAccess access, MediaRecord record, ImageProcessor.ProcessedImage image) {
        List<MediaRecord.StoredVariant> stored = new ArrayList<>();
        for (ImageProcessor.EncodedVariant variant : image.variants()) {
            objects.put(
                    MediaKeys.variant(access, record.id(), variant.variant().wireName()),
                    variant.bytes(),
                    variant.contentType());
            stored.add(new MediaRecord.StoredVariant(
                    variant.variant().wireName(),
                    variant.width(),
                    variant.height(),
                    variant.bytes().length,
                    variant.contentType()));
        }
        events.withEvent(
                access,
                EventTypes.MEDIA_READY,
                eventData(record, "ready", null),
                () -> media.complete(
                        access,
                        record.id(),
                        record.version(),
                        image.width(),
                        image.height(),
                        stored,
                        now().toString()));
        meter.mediaProcessed(access);
        business.record(MetricNames.UPLOADS_PROCESSED, access);
        meter.stored(
                access,
                stored.stream().mapToLong(MediaRecord.StoredVariant::sizeBytes).sum());
        LOG.atInfo()
                .addKeyValue("format", image.format().mimeType())
                .addKeyValue("width", image.width())
                .addKeyValue("height", image.height())
                .log("Media ready");
        return Outcome.READY;
    }

    /** What a media event carries: the media's identity and outcome (variant URLs are presigned per read, not sent). */
    private static java.util.Map<String, Object> eventData(MediaRecord record, String status, String reason) {
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("id", record.id());
        data.put("fileName", record.fileName());
        data.put("contentType", record.contentType());
        data.put("sizeBytes", record.sizeBytes());
        data.put("status", status);
        if (reason != null) {
            data.put("reason", reason);
        }
        data.put("createdAt", record.createdAt());
        return data;
    }

    /**
     * The record changed under a worker that held the claim: deleted meanwhile (then the worker
     * removes what it wrote), or taken over after the lease lapsed (then the other worker finishes).
     */
    private Outcome finishedElsewhere(TenantAccess access, String mediaId) {
        if (media.find(access, mediaId).isEmpty()) {
            objects.deletePrefix(MediaKeys.prefix(access, mediaId));
            return Outcome.REMOVED_ORPHAN;
        }
        LOG.atWarn().log("Media changed while being processed; leaving it to the worker that holds it");
        return Outcome.ALREADY_DONE;
    }

    private boolean leaseLapsed(MediaRecord record) {
        return record.processingUntil() == null
                || Instant.parse(record.processingUntil()).isBefore(now());
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
