package io.tenantry.media.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The S3 event notification that the media bucket sends to the queue (the body of each SQS
 * message): {@code {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name"},
 * "object": {"key", "size"}}}]}}, or, when the notification is first configured, {@code {"Event":
 * "s3:TestEvent", ...}}.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record S3Notification(
        @JsonProperty("Records") List<Record> records,
        @JsonProperty("Event") String event) {

    /** True for the test message S3 sends when a notification configuration is saved. */
    public boolean isTestEvent() {
        return "s3:TestEvent".equals(event);
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Record(String eventSource, String eventName, S3 s3) {
        /** True for {@code ObjectCreated:*} events. */
        public boolean isObjectCreated() {
            return eventName != null && eventName.startsWith("ObjectCreated:");
        }

        public String bucket() {
            return s3 == null || s3.bucket() == null ? null : s3.bucket().name();
        }

        /** The object key, decoded: notifications carry it URL-encoded, with spaces as {@code +}. */
        public String key() {
            return s3 == null || s3.object() == null || s3.object().key() == null
                    ? null
                    : URLDecoder.decode(s3.object().key(), StandardCharsets.UTF_8);
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3(Bucket bucket, @JsonProperty("object") S3Object object) {}

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bucket(String name) {}

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Object(String key, Long size) {}
}
