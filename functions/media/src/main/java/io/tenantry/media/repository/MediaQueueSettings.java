package io.tenantry.media.repository;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * The media worker's queue configuration, from the environment the template sets: {@code
 * TENANTRY_MEDIA_DEAD_LETTERS}, the URL of the media queue's dead-letter queue, where messages that
 * can never succeed (not an S3 event notification) go at once.
 */
@Singleton
public final class MediaQueueSettings {
    private final String deadLetterQueueUrl;

    public MediaQueueSettings(@Value("${tenantry.media.dead.letters:}") String deadLetterQueueUrl) {
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    /** Where messages that can never succeed go at once; blank when there is none. */
    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }
}
