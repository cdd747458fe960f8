package io.tenantry.media.image;

/**
 * What the worker agrees to decode, checked from the image header before any pixel is decoded, so
 * that a small file that claims a huge canvas (a decompression bomb) is refused without allocating
 * it. 40 megapixels decode to at most 160 MB of ARGB pixels.
 */
public final class ImageLimits {
    public static final int MAX_SIDE = 16_384;
    public static final long MAX_PIXELS = 40_000_000L;

    private ImageLimits() {}

    /** True when an image of {@code width} × {@code height} may be decoded. */
    public static boolean allows(long width, long height) {
        return width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE && width * height <= MAX_PIXELS;
    }
}
