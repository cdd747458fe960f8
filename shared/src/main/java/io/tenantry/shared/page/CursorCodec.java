package io.tenantry.shared.page;

import io.micronaut.context.annotation.Value;
import io.micronaut.serde.annotation.Serdeable;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.ValidationException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident cursors: the position in a collection, bound to its tenant and collection,
 * signed with HMAC-SHA256 under {@code TENANTRY_CURSOR_SECRET}. An edited cursor, one of another
 * tenant or collection, or one of an unknown format answers 400.
 */
@Singleton
public final class CursorCodec {
    private static final int FORMAT = 1;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final JsonCodec json;
    private final byte[] secret;

    public CursorCodec(JsonCodec json, @Value("${tenantry.cursor.secret:}") String secret) {
        this.json = json;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** What a cursor carries: format, tenant, collection, and the last key seen. */
    @Serdeable
    record Position(int v, String t, String c, Map<String, String> k) {}

    public String encode(TenantAccess access, String collection, Map<String, String> lastKey) {
        byte[] payload = json.write(new Position(FORMAT, access.tenantId(), collection, lastKey));
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The last key a cursor names; 400 unless it is ours, unedited, for this tenant and collection. */
    public Map<String, String> decode(TenantAccess access, String collection, String cursor) {
        int dot = cursor.indexOf('.');
        if (dot <= 0 || cursor.length() > 2048) {
            throw invalid();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(cursor.substring(0, dot));
            signature = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(signature, mac(payload))) {
            throw invalid();
        }
        Position position;
        try {
            position = json.read(payload, Position.class);
        } catch (RuntimeException e) {
            throw invalid();
        }
        if (position == null
                || position.v() != FORMAT
                || !access.tenantId().equals(position.t())
                || !collection.equals(position.c())
                || position.k() == null) {
            throw invalid();
        }
        return position.k();
    }

    private byte[] mac(byte[] payload) {
        if (secret.length == 0) {
            throw new IllegalStateException("TENANTRY_CURSOR_SECRET is not set.");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static ValidationException invalid() {
        return new ValidationException(List.of(new FieldError("cursor", "is not a valid cursor for this collection")));
    }
}
