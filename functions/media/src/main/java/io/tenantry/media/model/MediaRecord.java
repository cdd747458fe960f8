package io.tenantry.media.model;

import java.util.List;

/**
 * A media item as stored: what the API shows, plus the processing lease while a worker holds it. Variants are found
 * by name under the item's prefix. The presigned upload URL is not stored: it is a bearer credential for the item's
 * key, so it goes to the caller of {@code POST /v1/media} only (and, with that response, to its idempotent replay).
 */
public record MediaRecord(
        String id,
        String fileName,
        String contentType,
        long sizeBytes,
        MediaStatus status,
        String createdAt,
        String updatedAt,
        long version,
        String uploadExpiresAt,
        String processingUntil,
        String claimedBy,
        Integer width,
        Integer height,
        List<StoredVariant> variants,
        String reason,
        String reasonCode) {

    /** A variant written to S3: its name ({@code thumb}, {@code medium}), size and type. */
    public record StoredVariant(String name, int width, int height, long sizeBytes, String contentType) {}

    /** A new item awaiting its upload. */
    public static MediaRecord awaitingUpload(
            String id, CreateMediaRequest request, String now, String uploadExpiresAt) {
        return new MediaRecord(
                id,
                request.fileName(),
                request.contentType(),
                request.sizeBytes(),
                MediaStatus.AWAITING_UPLOAD,
                now,
                now,
                1,
                uploadExpiresAt,
                null,
                null,
                null,
                null,
                List.of(),
                null,
                null);
    }
}
