package io.tenantry.media.image;

/**
 * Why an upload was refused: a stable {@link #code()} for programs and a {@link #message()} a client
 * can show to its user. Neither names internals.
 */
public enum Rejection {
    EMPTY("empty", "The uploaded file is empty."),
    TOO_LARGE("too_large", "The uploaded file is larger than your plan allows."),
    SIZE_MISMATCH(
            "size_mismatch", "The uploaded file's size differs from the size declared when the upload was created."),
    NOT_AN_IMAGE("not_an_image", "The uploaded file is not an image."),
    UNSUPPORTED_FORMAT("unsupported_format", "The image format is not supported; upload a PNG, JPEG or GIF image."),
    DIMENSIONS_TOO_LARGE(
            "dimensions_too_large",
            "The image's dimensions are too large (at most " + ImageLimits.MAX_SIDE + " pixels a side and "
                    + ImageLimits.MAX_PIXELS / 1_000_000 + " megapixels)."),
    TRUNCATED("truncated", "The image is truncated or corrupt.");

    private final String code;
    private final String message;

    Rejection(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
