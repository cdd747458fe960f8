package io.tenantry.local.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** A client's side of a media upload: a small picture, and its PUT to the URL {@code POST /v1/media} answered. */
final class MediaUploads {
    private MediaUploads() {}

    /** A 64×48 JPEG. */
    static byte[] picture() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().fillRect(8, 8, 32, 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The body {@code POST /v1/media} takes for {@code bytes} of a JPEG. */
    static String createBody(byte[] bytes) {
        return "{\"fileName\":\"p.jpg\",\"contentType\":\"image/jpeg\",\"sizeBytes\":" + bytes.length + "}";
    }

    /** PUTs {@code bytes} to the media's upload URL with the headers it was signed with. */
    static Http.Answer upload(JsonNode media, byte[] bytes) {
        Map<String, String> headers = new LinkedHashMap<>();
        media.path("uploadHeaders").properties().stream()
                .filter(e -> !e.getKey().equalsIgnoreCase("Content-Length")) // the client sets it from the body
                .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        headers.putIfAbsent("Content-Type", "image/jpeg");
        return Http.send("PUT", media.path("uploadUrl").asText(), headers, bytes);
    }
}
