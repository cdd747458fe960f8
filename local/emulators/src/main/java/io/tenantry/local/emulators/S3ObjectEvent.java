package io.tenantry.local.emulators;

import java.time.Instant;

/**
 * An object written to or removed from the embedded S3, as an S3 event notification names it: {@code eventName} is
 * {@code ObjectCreated:Put}, {@code ObjectCreated:Copy}, {@code ObjectCreated:CompleteMultipartUpload} or {@code
 * ObjectRemoved:Delete}; {@code size} and {@code eTag} (without quotes) are absent (0, null) for a removal.
 */
public record S3ObjectEvent(String eventName, String bucket, String key, long size, String eTag, Instant time) {

    /** True for the {@code ObjectCreated:*} events. */
    public boolean isCreated() {
        return eventName.startsWith("ObjectCreated:");
    }
}
