package io.tenantry.media.repository;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The objects of the media bucket ({@code MEDIA_BUCKET}): presigned uploads and downloads, and what
 * the worker and the delete route read, write and remove. Callers pass keys made by {@link
 * MediaKeys}.
 */
@Singleton
public class MediaObjects {
    private static final int NOT_FOUND = 404;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public MediaObjects(S3Client s3, S3Presigner presigner, @Value("${media.bucket:}") String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    /** A presigned URL and when it stops working. */
    public record PresignedUrl(String url, Instant expiresAt) {}

    public String bucket() {
        if (bucket.isBlank()) {
            throw new IllegalStateException("MEDIA_BUCKET is not set.");
        }
        return bucket;
    }

    /**
     * A PUT of exactly {@code sizeBytes} bytes of {@code contentType} to {@code key}: both headers
     * are signed, so S3 refuses an upload of another length or type, or to another key.
     */
    public PresignedUrl presignUpload(String key, String contentType, long sizeBytes, Duration validFor) {
        var presigned = presigner.presignPutObject(p -> p.signatureDuration(validFor)
                .putObjectRequest(r ->
                        r.bucket(bucket()).key(key).contentType(contentType).contentLength(sizeBytes)));
        return new PresignedUrl(presigned.url().toString(), presigned.expiration());
    }

    /** A GET of {@code key}. */
    public PresignedUrl presignDownload(String key, Duration validFor) {
        var presigned = presigner.presignGetObject(p -> p.signatureDuration(validFor)
                .getObjectRequest(r -> r.bucket(bucket()).key(key)));
        return new PresignedUrl(presigned.url().toString(), presigned.expiration());
    }

    /** The stored size of {@code key}; empty when there is no such object. */
    public OptionalLong size(String key) {
        try {
            Long length = s3.headObject(r -> r.bucket(bucket()).key(key)).contentLength();
            return OptionalLong.of(length == null ? 0 : length);
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /** The bytes of {@code key}, which must be at most {@code maxBytes} long (checked again as they arrive). */
    public byte[] read(String key, long maxBytes) {
        byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket()).key(key)).asByteArrayUnsafe();
        if (bytes.length > maxBytes) {
            throw new IllegalStateException("Object " + key + " grew over " + maxBytes + " bytes while being read");
        }
        return bytes;
    }

    public void put(String key, byte[] bytes, String contentType) {
        s3.putObject(
                r -> r.bucket(bucket()).key(key).contentType(contentType).cacheControl("private, max-age=86400"),
                RequestBody.fromBytes(bytes));
    }

    /** Removes {@code key}; removing an object that is not there is not an error. */
    public void delete(String key) {
        s3.deleteObject(r -> r.bucket(bucket()).key(key));
    }

    /** Removes every object under {@code prefix}; returns how many there were. */
    public int deletePrefix(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .forEach(keys::add);
        keys.forEach(this::delete);
        return keys.size();
    }
}
