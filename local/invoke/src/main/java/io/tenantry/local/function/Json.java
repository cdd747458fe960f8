package io.tenantry.local.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The local tools' own JSON (events they build, answers, reports, {@code --env-vars}): one Jackson mapper. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text; a {@link JsonProcessingException} names what is wrong with it. */
    public static JsonNode parse(byte[] json) throws JsonProcessingException {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /** The bytes as JSON, or null when they are empty or not JSON. */
    public static JsonNode tryParse(byte[] bytes) {
        try {
            return bytes == null || bytes.length == 0 ? null : parse(bytes);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The text as JSON, or null when it is null or not JSON. */
    public static JsonNode tryParse(String text) {
        try {
            return text == null ? null : parse(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Not writable as JSON: " + value.getClass().getName(), e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Not writable as JSON: " + value.getClass().getName(), e);
        }
    }
}
