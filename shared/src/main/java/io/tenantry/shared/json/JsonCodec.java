package io.tenantry.shared.json;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.tenantry.shared.problem.BadRequestException;
import io.tenantry.shared.problem.PayloadTooLargeException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapper (Micronaut Serde): reads request bodies, writes response bodies. */
@Singleton
public final class JsonCodec {
    /** The largest request body accepted, as the API contract says: 256 KiB. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final JsonMapper mapper;

    public JsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Parses a request body that must be one JSON object. 413 when too large, 400 when not an object. */
    public JsonBody parseObject(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("The body is over " + MAX_BODY_BYTES + " bytes.");
        }
        if (body.length == 0) {
            throw new BadRequestException("A JSON object body is required.");
        }
        JsonNode root;
        try {
            root = mapper.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new BadRequestException("The body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("The body must be a JSON object.");
        }
        return new JsonBody(root);
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> T read(byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
