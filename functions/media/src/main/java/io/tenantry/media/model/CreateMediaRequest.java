package io.tenantry.media.model;

import io.tenantry.media.image.ImageFormat;
import io.tenantry.shared.json.JsonBody;
import io.tenantry.shared.problem.UnsupportedMediaTypeException;

/**
 * The body of {@code POST /v1/media}: a {@code fileName} of 1 to 255 characters (shown back, never
 * used in a key), a {@code contentType} this JVM can decode (else 415), and the exact {@code
 * sizeBytes} the upload will have (a whole number from 1; over the plan's limit is the service's 413).
 */
public record CreateMediaRequest(String fileName, String contentType, long sizeBytes) {
    public static final int MAX_FILE_NAME = 255;
    public static final int MAX_CONTENT_TYPE = 255;

    public static CreateMediaRequest parse(JsonBody body) {
        String fileName = body.requiredString("fileName", 1, MAX_FILE_NAME);
        if (fileName != null && fileName.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            body.reject("fileName", "must not contain control characters");
        }
        String contentType = body.requiredString("contentType", 1, MAX_CONTENT_TYPE);
        Long sizeBytes = body.requiredWholeNumber("sizeBytes", 1, Long.MAX_VALUE);
        body.validate();
        ImageFormat format = ImageFormat.acceptedContentType(contentType)
                .orElseThrow(() -> new UnsupportedMediaTypeException("The media type '" + contentType
                        + "' is not accepted; use one of " + String.join(", ", ImageFormat.acceptedContentTypes())
                        + "."));
        return new CreateMediaRequest(fileName, format.mimeType(), sizeBytes);
    }
}
