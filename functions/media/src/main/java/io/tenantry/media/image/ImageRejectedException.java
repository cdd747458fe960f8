package io.tenantry.media.image;

/** The bytes are not an image the pipeline accepts; {@link #rejection()} says why. */
public final class ImageRejectedException extends Exception {
    private final Rejection rejection;

    public ImageRejectedException(Rejection rejection, String detail) {
        super(rejection.code() + ": " + detail, null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
