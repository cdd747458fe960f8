package io.tenantry.shared.page;

import io.micronaut.context.annotation.Requires;
import io.micronaut.serde.annotation.Serdeable;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.ValidationException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opaque, tamper-evident cursors: the position in a collection, bound to its tenant and collection, signed with
 * HMAC-SHA256 under the current {@link CursorKeys cursor key}.
 *
 * <p>Format 2, written by {@link #encode}: {@code <payload>.<key id>.<mac>}, payload and mac in base64url, the mac
 * taken over {@code "<key id>."} and the payload. It verifies with the key its id names, the current or the previous
 * one; a cursor of a key older than that (two rotations ago) answers 400, as an edited cursor does.
 *
 * <p>Format 1 ({@code <payload>.<mac>}, no key id, written before the keys had ids) is still read when it verifies
 * with the current or the previous key: a client paging through a collection during the deploy that brings format 2
 * keeps its place, and such cursors stop verifying with the first rotation after the one that retires their key, with
 * no code to remove. An edited cursor, one of another tenant or collection, or one of an unknown format answers 400.
 *
 * <p>A bean only where there are cursor keys: in the modules that declare Secrets Manager (docs/artifacts.md).
 */
@Requires(beans = CursorKeys.class)
@Singleton
public final class CursorCodec {
    private static final int FORMAT = 2;
    private static final int LEGACY_FORMAT = 1;
    private static final int MAX_LENGTH = 2048;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte[] NO_PREFIX = new byte[0];

    private final JsonCodec json;
    private final CursorKeys keys;

    public CursorCodec(JsonCodec json, CursorKeys keys) {
        this.json = json;
        this.keys = keys;
    }

    /** What a cursor carries: format, tenant, collection, and the last key seen. */
    @Serdeable
    record Position(int v, String t, String c, Map<String, String> k) {}

    /** A cursor for the position after {@code lastKey}, signed with the current key. */
    public String encode(TenantAccess access, String collection, Map<String, String> lastKey) {
        CursorKey key = keys.keys().current();
        byte[] payload = json.write(new Position(FORMAT, access.tenantId(), collection, lastKey));
        return ENCODER.encodeToString(payload) + "." + key.id() + "."
                + ENCODER.encodeToString(key.mac(prefix(key.id()), payload));
    }

    /** The last key a cursor names; 400 unless it is ours, unedited, for this tenant and collection. */
    public Map<String, String> decode(TenantAccess access, String collection, String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        String[] parts = cursor.split("\\.", -1);
        if (parts.length != 2 && parts.length != 3) {
            throw invalid();
        }
        boolean legacy = parts.length == 2;
        byte[] payload = base64(parts[0]);
        byte[] signature = base64(parts[parts.length - 1]);
        if (payload.length == 0 || !verifies(payload, signature, legacy ? null : parts[1])) {
            throw invalid();
        }
        Position position;
        try {
            position = json.read(payload, Position.class);
        } catch (RuntimeException e) {
            throw invalid();
        }
        if (position == null
                || position.v() != (legacy ? LEGACY_FORMAT : FORMAT)
                || !access.tenantId().equals(position.t())
                || !collection.equals(position.c())
                || position.k() == null) {
            throw invalid();
        }
        return position.k();
    }

    /**
     * Format 2 ({@code keyId} given): the mac of the named key, current or previous. Format 1 (null): the mac, over
     * the payload alone, of the current or the previous key.
     */
    private boolean verifies(byte[] payload, byte[] signature, String keyId) {
        CursorKeyRing ring = keys.keys();
        if (keyId != null) {
            Optional<CursorKey> key = ring.byId(keyId);
            return key.isPresent() && MessageDigest.isEqual(signature, key.get().mac(prefix(keyId), payload));
        }
        return MessageDigest.isEqual(signature, ring.current().mac(NO_PREFIX, payload))
                || ring.previous()
                        .map(key -> MessageDigest.isEqual(signature, key.mac(NO_PREFIX, payload)))
                        .orElse(false);
    }

    /** What the mac covers before the payload: the key id, so that a cursor cannot be moved to another key's id. */
    private static byte[] prefix(String keyId) {
        return (keyId + ".").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] base64(String text) {
        try {
            return DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ValidationException invalid() {
        return new ValidationException(List.of(new FieldError("cursor", "is not a valid cursor for this collection")));
    }
}
