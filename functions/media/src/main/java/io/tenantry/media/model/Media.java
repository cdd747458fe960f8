package io.tenantry.media.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * A media item as the API shows it. The fields of a status appear with it: {@code uploadExpiresAt} while {@code
 * awaiting_upload}; {@code width}, {@code height} and {@code variants} when {@code ready}; {@code reason} and {@code
 * reasonCode} when {@code rejected}. {@code uploadUrl} and {@code uploadHeaders} are in the create response only.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Media(
        String id,
        String fileName,
        String contentType,
        long sizeBytes,
        String status,
        String createdAt,
        String updatedAt,
        long version,
        String uploadUrl,
        String uploadExpiresAt,
        Map<String, String> uploadHeaders,
        Integer width,
        Integer height,
        List<Variant> variants,
        String reason,
        String reasonCode) {

    /** This item with the presigned upload and the headers it must be sent with: the create response. */
    public Media withUpload(String url, Map<String, String> headers) {
        return new Media(
                id,
                fileName,
                contentType,
                sizeBytes,
                status,
                createdAt,
                updatedAt,
                version,
                url,
                uploadExpiresAt,
                headers,
                width,
                height,
                variants,
                reason,
                reasonCode);
    }

    /** A variant of a ready image, with a presigned GET {@code url} valid until {@code urlExpiresAt}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Variant(
            String name, int width, int height, long sizeBytes, String contentType, String url, String urlExpiresAt) {}
}
