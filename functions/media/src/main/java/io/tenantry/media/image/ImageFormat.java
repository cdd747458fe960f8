package io.tenantry.media.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The image formats the media pipeline accepts, each identified by its magic bytes, never by a
 * declared content type or a file name. WebP is accepted only when an ImageIO reader for it is on
 * the class path: the JDK has none, so on a stock JVM {@code image/webp} is refused at creation (415).
 */
public enum ImageFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpeg"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String mimeType;
    private final String imageIoName;

    ImageFormat(String mimeType, String imageIoName) {
        this.mimeType = mimeType;
        this.imageIoName = imageIoName;
    }

    public String mimeType() {
        return mimeType;
    }

    /** The format name ImageIO knows the format's readers by. */
    String imageIoName() {
        return imageIoName;
    }

    /** True when this JVM has an ImageIO reader for the format (the JDK reads PNG, JPEG and GIF). */
    public boolean decodable() {
        return ImageIO.getImageReadersByFormatName(imageIoName).hasNext();
    }

    /** The accepted format declared as {@code contentType}, if this JVM can decode it. */
    public static Optional<ImageFormat> acceptedContentType(String contentType) {
        String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> f.mimeType.equals(type))
                .filter(ImageFormat::decodable)
                .findFirst();
    }

    /** The content types {@link #acceptedContentType} accepts on this JVM, for messages and docs. */
    public static List<String> acceptedContentTypes() {
        return Arrays.stream(values())
                .filter(ImageFormat::decodable)
                .map(ImageFormat::mimeType)
                .toList();
    }

    /** The format the bytes start with, from their magic number; empty for anything else. */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, ascii("GIF87a")) || startsWith(bytes, 0, ascii("GIF89a"))) {
            return Optional.of(GIF);
        }
        if (startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /**
     * True when the bytes start like an image format that is not accepted (BMP, TIFF, ICO, HEIF/AVIF,
     * JPEG 2000, JPEG XL, PSD, QOI, SVG): such a file is "an unsupported format" rather than "not an
     * image".
     */
    public static boolean looksLikeOtherImage(byte[] bytes) {
        if (startsWith(bytes, 0, ascii("BM")) && bytes.length >= 26) {
            return true;
        }
        if (startsWith(bytes, 0, new byte[] {'I', 'I', 42, 0}) || startsWith(bytes, 0, new byte[] {'M', 'M', 0, 42})) {
            return true;
        }
        if (startsWith(bytes, 0, new byte[] {0, 0, 1, 0}) || startsWith(bytes, 0, ascii("8BPS"))) {
            return true;
        }
        if (startsWith(bytes, 4, ascii("ftyp"))) {
            String brand = bytes.length >= 12 ? new String(bytes, 8, 4, StandardCharsets.US_ASCII) : "";
            return List.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis")
                    .contains(brand);
        }
        if (startsWith(bytes, 0, new byte[] {0, 0, 0, 0x0c, 'j', 'P', ' ', ' '})
                || startsWith(bytes, 0, new byte[] {(byte) 0xff, 0x0a})
                || startsWith(bytes, 0, new byte[] {0, 0, 0, 0x0c, 'J', 'X', 'L', ' '})
                || startsWith(bytes, 0, ascii("qoif"))) {
            return true;
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.ISO_8859_1)
                .stripLeading()
                .toLowerCase(Locale.ROOT);
        return head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"));
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
