package io.tenantry.media.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.media.image.ImageProcessor.Dimensions;
import io.tenantry.media.image.ImageProcessor.EncodedVariant;
import io.tenantry.media.image.ImageProcessor.ProcessedImage;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The checks and resizing of the worker, on bytes alone (no storage). */
class ImageProcessorTest {
    final ImageProcessor processor = new ImageProcessor();

    @ParameterizedTest(name = "{0}x{1} within {2} -> {3}x{4}")
    @CsvSource({
        "800, 600, 128, 128, 96",
        "800, 600, 1024, 800, 600",
        "2000, 1500, 1024, 1024, 768",
        "500, 2000, 1024, 256, 1024",
        "300, 200, 128, 128, 85",
        "1, 5000, 128, 1, 128",
        "128, 128, 128, 128, 128",
    })
    void fit_keepsTheAspectRatio_andNeverEnlarges(int w, int h, int max, int ew, int eh) {
        assertEquals(new Dimensions(ew, eh), ImageProcessor.fit(new Dimensions(w, h), max));
    }

    @Test
    void aJpeg_becomesJpegVariants_ofTheRightSizes() throws Exception {
        ProcessedImage image = processor.process(TestImages.jpeg(2000, 1500));
        assertEquals(ImageFormat.JPEG, image.format());
        assertEquals(2000, image.width());
        assertEquals(1500, image.height());
        assertVariant(image.variants().get(0), "thumb", 128, 96, "image/jpeg");
        assertVariant(image.variants().get(1), "medium", 1024, 768, "image/jpeg");
    }

    @Test
    void aPngWithAlpha_becomesPngVariants_keepingTransparency() throws Exception {
        ProcessedImage image = processor.process(TestImages.png(640, 480));
        assertVariant(image.variants().get(0), "thumb", 128, 96, "image/png");
        assertVariant(image.variants().get(1), "medium", 640, 480, "image/png");
        assertTrue(
                TestImages.read(image.variants().get(1).bytes()).getColorModel().hasAlpha());
    }

    @Test
    void anOpaquePng_becomesPngVariants_withoutAnAlphaChannel() throws Exception {
        ProcessedImage image = processor.process(TestImages.opaquePng(640, 480));
        assertVariant(image.variants().get(0), "thumb", 128, 96, "image/png");
        assertVariant(image.variants().get(1), "medium", 640, 480, "image/png");
        for (EncodedVariant variant : image.variants()) {
            assertFalse(TestImages.read(variant.bytes()).getColorModel().hasAlpha(), variant.variant() + " has alpha");
        }
    }

    @Test
    void aGif_becomesPngVariants() throws Exception {
        ProcessedImage image = processor.process(TestImages.gif(300, 200));
        assertEquals(ImageFormat.GIF, image.format());
        assertVariant(image.variants().get(0), "thumb", 128, 85, "image/png");
        assertVariant(image.variants().get(1), "medium", 300, 200, "image/png");
    }

    @Test
    void metadata_doesNotSurvive() throws Exception {
        byte[] upload = TestImages.jpegWithMetadata(400, 300);
        assertTrue(new String(upload, StandardCharsets.ISO_8859_1).contains("GPS-SECRET"));
        for (EncodedVariant variant : processor.process(upload).variants()) {
            String bytes = new String(variant.bytes(), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains("GPS-SECRET"), variant.variant() + " kept the EXIF segment");
            assertFalse(bytes.contains("COMMENT-SECRET"), variant.variant() + " kept the comment");
            assertFalse(bytes.contains("Exif"), variant.variant() + " has an EXIF segment");
        }
    }

    @Test
    void aHugeImage_isDecodedSubsampled_toAtLeastTwiceTheLargestVariant() {
        assertEquals(1, ImageProcessor.subsampling(new Dimensions(4000, 3000)));
        assertEquals(2, ImageProcessor.subsampling(new Dimensions(4096, 3000)));
        assertEquals(3, ImageProcessor.subsampling(new Dimensions(7000, 5000)));
        assertEquals(8, ImageProcessor.subsampling(new Dimensions(16384, 2000)));
    }

    @Test
    void aLargeImage_stillGivesExactVariantSizes() throws Exception {
        ProcessedImage image = processor.process(TestImages.jpeg(5000, 2000));
        assertVariant(image.variants().get(0), "thumb", 128, 51, "image/jpeg");
        assertVariant(image.variants().get(1), "medium", 1024, 410, "image/jpeg");
    }

    @Test
    void text_isNotAnImage() {
        assertRejected(TestImages.text(), Rejection.NOT_AN_IMAGE);
        assertRejected(new byte[] {1, 2, 3}, Rejection.NOT_AN_IMAGE);
    }

    @Test
    void nothing_isEmpty() {
        assertRejected(new byte[0], Rejection.EMPTY);
    }

    @Test
    void otherImageFormats_areUnsupported() {
        byte[] bmp = new byte[64];
        bmp[0] = 'B';
        bmp[1] = 'M';
        assertRejected(bmp, Rejection.UNSUPPORTED_FORMAT);
        assertRejected(
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8),
                Rejection.UNSUPPORTED_FORMAT);
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII);
        if (!ImageFormat.WEBP.decodable()) {
            assertRejected(webp, Rejection.UNSUPPORTED_FORMAT);
        }
    }

    @Test
    void truncatedFiles_areRefused() {
        byte[] png = TestImages.png(400, 300);
        byte[] jpeg = TestImages.jpeg(400, 300);
        byte[] gif = TestImages.gif(400, 300);
        for (double fraction : List.of(0.02, 0.3, 0.6, 0.95)) {
            assertRejected(TestImages.truncated(png, fraction), Rejection.TRUNCATED);
            assertRejected(TestImages.truncated(jpeg, fraction), Rejection.TRUNCATED);
            assertRejected(TestImages.truncated(gif, fraction), Rejection.TRUNCATED);
        }
    }

    @Test
    void aHeaderClaiming30000x30000_isRefused_beforeAnyPixelIsDecoded() {
        byte[] bomb = TestImages.pngClaiming(30_000, 30_000);
        assertTrue(bomb.length < 1024, "the bomb is " + bomb.length + " bytes");
        long before = usedHeap();
        assertRejected(bomb, Rejection.DIMENSIONS_TOO_LARGE);
        long grown = usedHeap() - before;
        // Decoding would have needed 30000 × 30000 × 3 bytes = 2.7 GB.
        assertTrue(grown < 64L * 1024 * 1024, "heap grew by " + grown + " bytes");
    }

    @Test
    void limits_allowExactlyTheDocumentedSizes() {
        assertTrue(ImageLimits.allows(16_384, 2_441));
        assertFalse(ImageLimits.allows(16_385, 10));
        assertFalse(ImageLimits.allows(7_000, 6_000));
        assertTrue(ImageLimits.allows(8_000, 5_000));
        assertFalse(ImageLimits.allows(0, 10));
    }

    private void assertRejected(byte[] bytes, Rejection expected) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> processor.process(bytes));
        assertEquals(expected, e.rejection(), e.getMessage());
    }

    private static void assertVariant(EncodedVariant variant, String name, int w, int h, String type) {
        assertEquals(name, variant.variant().wireName());
        assertEquals(w, variant.width(), name + " width");
        assertEquals(h, variant.height(), name + " height");
        assertEquals(type, variant.contentType());
        BufferedImage decoded = TestImages.read(variant.bytes());
        assertEquals(w, decoded.getWidth(), name + " decoded width");
        assertEquals(h, decoded.getHeight(), name + " decoded height");
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
