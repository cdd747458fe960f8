package io.tenantry.media.service;

import io.tenantry.media.model.CreateMediaRequest;
import io.tenantry.media.model.Media;
import io.tenantry.media.model.MediaRecord;
import io.tenantry.media.model.MediaStatus;
import io.tenantry.media.repository.MediaKeys;
import io.tenantry.media.repository.MediaObjects;
import io.tenantry.media.repository.MediaRepository;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.page.CursorCodec;
import io.tenantry.shared.page.Page;
import io.tenantry.shared.page.PageRequest;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.plan.PlanLimits;
import io.tenantry.shared.plan.PlanLimits.Quota;
import io.tenantry.shared.problem.ConflictException;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.problem.PayloadTooLargeException;
import io.tenantry.shared.problem.PreconditionFailedException;
import io.tenantry.shared.problem.QuotaExceededException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A tenant's media items on the request path: issue a presigned upload, list newest first, read
 * (with presigned downloads of the variants), delete with every object. The worker's side is {@link
 * MediaProcessor}.
 */
@Singleton
public class MediaService {
    /** How long an upload URL works: at most 15 minutes, as the API promises. */
    public static final Duration UPLOAD_VALIDITY = Duration.ofMinutes(15);
    /** How long a variant's download URL works. */
    public static final Duration DOWNLOAD_VALIDITY = Duration.ofMinutes(5);
    /** How long the table keeps an item whose upload never came, after its URL expired. */
    static final Duration ABANDONED_RETENTION = Duration.ofDays(1);

    static final String COLLECTION = "media";
    static final int WRITE_ATTEMPTS = 3;

    private final UsageMeter meter;
    private final MediaRepository media;
    private final MediaObjects objects;
    private final TenantPlans plans;
    private final CursorCodec cursors;
    private final Clock clock;

    public MediaService(
            MediaRepository media,
            MediaObjects objects,
            TenantPlans plans,
            CursorCodec cursors,
            Clock clock,
            UsageMeter meter) {
        this.meter = meter;
        this.media = media;
        this.objects = objects;
        this.plans = plans;
        this.cursors = cursors;
        this.clock = clock;
    }

    /**
     * A new item awaiting its upload, with a presigned PUT for exactly the declared type and size; 413 over the plan.
     * The URL is in this answer only: the item does not keep it, so no read can show it.
     */
    public Media create(TenantAccess access, CreateMediaRequest request) {
        Plan plan = plans.planOf(access);
        long limit = PlanLimits.mediaFileBytes(plan);
        if (request.sizeBytes() > limit) {
            throw new PayloadTooLargeException("sizeBytes is over the " + plan.wireName() + " plan's limit of " + limit
                    + " bytes (" + limit / (1024 * 1024) + " MiB) per file.");
        }
        Instant now = now();
        String id = Ids.mediaId();
        MediaObjects.PresignedUrl upload = objects.presignUpload(
                MediaKeys.original(access, id), request.contentType(), request.sizeBytes(), UPLOAD_VALIDITY);
        Instant expires = upload.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        MediaRecord record = MediaRecord.awaitingUpload(id, request, now.toString(), expires.toString());
        long quota = PlanLimits.of(plan).quota(Quota.MEDIA);
        if (!media.create(access, record, expires.plus(ABANDONED_RETENTION).getEpochSecond(), quota)) {
            throw new QuotaExceededException(Quota.MEDIA, quota);
        }
        Map<String, String> uploadHeaders = new LinkedHashMap<>();
        uploadHeaders.put("Content-Type", record.contentType());
        uploadHeaders.put("Content-Length", Long.toString(record.sizeBytes()));
        return view(access, record).withUpload(upload.url(), uploadHeaders);
    }

    public Page<Media> list(TenantAccess access, PageRequest page) {
        Optional<String> after =
                page.cursor().map(c -> cursors.decode(access, COLLECTION, c).get("id"));
        List<MediaRecord> found = media.listNewestFirst(access, after, page.limit());
        List<MediaRecord> items = found.size() <= page.limit() ? found : found.subList(0, page.limit());
        String next = found.size() <= page.limit()
                ? null
                : cursors.encode(
                        access, COLLECTION, Map.of("id", items.getLast().id()));
        return new Page<>(items.stream().map(r -> view(access, r)).toList(), next);
    }

    public Media get(TenantAccess access, String mediaId) {
        return view(access, find(access, mediaId));
    }

    /**
     * Deletes the record (honouring If-Match; without it, a lost race is retried), then every object
     * under its prefix. An upload or a worker that arrives after the record is gone removes its own
     * objects, so none outlive the item.
     */
    public void delete(TenantAccess access, String mediaId, OptionalLong ifMatch) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            MediaRecord current = find(access, mediaId);
            if (ifMatch.isPresent() && ifMatch.getAsLong() != current.version()) {
                throw stale(ifMatch);
            }
            try {
                media.delete(access, mediaId, current.version(), current.status() != MediaStatus.AWAITING_UPLOAD);
                objects.deletePrefix(MediaKeys.prefix(access, mediaId));
                meter.stored(access, -storedBytes(current));
                return;
            } catch (StaleVersionException e) {
                if (ifMatch.isPresent()) {
                    throw stale(ifMatch);
                }
            }
        }
        throw new ConflictException("The media item is being changed; try again.");
    }

    /** The bytes of the variants the worker stored (and metered) for an item; none before it is ready. */
    private static long storedBytes(MediaRecord record) {
        return record.variants() == null
                ? 0
                : record.variants().stream()
                        .mapToLong(MediaRecord.StoredVariant::sizeBytes)
                        .sum();
    }

    private MediaRecord find(TenantAccess access, String mediaId) {
        if (mediaId == null || !MediaKeys.MEDIA_ID.matcher(mediaId).matches()) {
            throw notFound();
        }
        return media.find(access, mediaId).orElseThrow(MediaService::notFound);
    }

    /**
     * The API's view of a record, as every read shows it: when the upload is due while it is awaited, presigned
     * downloads when ready. Never the upload URL: {@link #create} alone adds it.
     */
    Media view(TenantAccess access, MediaRecord record) {
        String uploadExpiresAt = record.status() == MediaStatus.AWAITING_UPLOAD ? record.uploadExpiresAt() : null;
        List<Media.Variant> variants = null;
        if (record.status() == MediaStatus.READY) {
            variants = record.variants().stream()
                    .map(v -> {
                        MediaObjects.PresignedUrl url = objects.presignDownload(
                                MediaKeys.variant(access, record.id(), v.name()), DOWNLOAD_VALIDITY);
                        return new Media.Variant(
                                v.name(),
                                v.width(),
                                v.height(),
                                v.sizeBytes(),
                                v.contentType(),
                                url.url(),
                                url.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString());
                    })
                    .toList();
        }
        boolean ready = record.status() == MediaStatus.READY;
        return new Media(
                record.id(),
                record.fileName(),
                record.contentType(),
                record.sizeBytes(),
                record.status().wireName(),
                record.createdAt(),
                record.updatedAt(),
                record.version(),
                null,
                uploadExpiresAt,
                null,
                ready ? record.width() : null,
                ready ? record.height() : null,
                variants,
                record.status() == MediaStatus.REJECTED ? record.reason() : null,
                record.status() == MediaStatus.REJECTED ? record.reasonCode() : null);
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    private static PreconditionFailedException stale(OptionalLong ifMatch) {
        return new PreconditionFailedException("The media item has changed since version " + ifMatch.getAsLong() + ".");
    }

    private static NotFoundException notFound() {
        return new NotFoundException("There is no such media item.");
    }
}
