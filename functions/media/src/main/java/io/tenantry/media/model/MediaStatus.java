package io.tenantry.media.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a media item is in its life: {@code awaiting_upload} → {@code processing} → {@code ready}
 * or {@code rejected}. Each transition is a conditional write on the version read, so it happens
 * once however often the worker is told.
 */
public enum MediaStatus {
    AWAITING_UPLOAD,
    PROCESSING,
    READY,
    REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == READY || this == REJECTED;
    }

    public static Optional<MediaStatus> fromWireName(String value) {
        for (MediaStatus status : values()) {
            if (status.wireName().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
