package io.tenantry.media.image;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Real image files made by ImageIO, and the broken and hostile files the worker must refuse. */
public final class TestImages {
    private TestImages() {}

    /** A picture with a gradient, shapes and some noise, so that encoders have real work. */
    public static BufferedImage picture(int width, int height, boolean alpha) {
        BufferedImage image =
                new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(20, 90, 200), width, height, new Color(250, 180, 40)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(255, 255, 255, alpha ? 128 : 255));
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        Random random = new Random(width * 31L + height);
        for (int i = 0; i < width * height / 50; i++) {
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            image.setRGB(x, y, 0xff000000 | random.nextInt(0xffffff));
        }
        return image;
    }

    public static byte[] png(int width, int height) {
        return write(picture(width, height, true), "png");
    }

    public static byte[] opaquePng(int width, int height) {
        return write(picture(width, height, false), "png");
    }

    public static byte[] gif(int width, int height) {
        return write(picture(width, height, false), "gif");
    }

    public static byte[] jpeg(int width, int height) {
        return jpeg(picture(width, height, false), 0.9f);
    }

    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * A JPEG carrying metadata that must not survive: an EXIF APP1 segment (with a fake GPS marker
     * string) and a comment, inserted after the SOI marker.
     */
    public static byte[] jpegWithMetadata(int width, int height) {
        byte[] plain = jpeg(width, height);
        byte[] exifPayload =
                ("Exif\0\0MM\0*\0\0\0\bGPS-SECRET-52.5200N-13.4050E").getBytes(StandardCharsets.ISO_8859_1);
        byte[] comment = "COMMENT-SECRET serial 12345".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        segment(out, 0xE1, exifPayload);
        segment(out, 0xFE, comment);
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
        out.write(0xFF);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xff);
        out.write(payload, 0, payload.length);
    }

    /** The first {@code fraction} of a file. */
    public static byte[] truncated(byte[] file, double fraction) {
        return Arrays.copyOf(file, (int) (file.length * fraction));
    }

    /**
     * A small, valid-looking PNG whose header claims {@code width} × {@code height} RGB pixels: a
     * decompression bomb's header (the data is a few rows of zeros; decoding would allocate the
     * whole canvas before finding out).
     */
    public static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13);
        header.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", header.array());
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[64 * 1024]);
        deflater.finish();
        byte[] buffer = new byte[64 * 1024];
        int length = deflater.deflate(buffer);
        chunk(out, "IDAT", Arrays.copyOf(buffer, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    public static byte[] text() {
        return "name,email\nAda,ada@example.com\nGrace,grace@example.com\n".getBytes(StandardCharsets.UTF_8);
    }

    public static BufferedImage read(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            if (image == null) {
                throw new AssertionError("not an image ImageIO reads (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
