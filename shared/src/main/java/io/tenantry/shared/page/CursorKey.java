package io.tenantry.shared.page;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One cursor signing key: its id, which a cursor carries so that the key that signed it can be found, and its HMAC-SHA256
 * key. The key's bytes never leave this class.
 */
public final class CursorKey {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int ID_BYTES = 6;

    private final String id;
    private final byte[] secret;

    public CursorKey(String id, byte[] secret) {
        if (id == null || id.isEmpty() || id.indexOf('.') >= 0) {
            throw new IllegalArgumentException("A cursor key id is non-empty and has no '.'");
        }
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("A cursor key is not empty");
        }
        this.id = id;
        this.secret = secret.clone();
    }

    /**
     * The key of a Secrets Manager secret version: its id is a short hash of the {@code VersionId} (8 characters of
     * base64url, where a VersionId has 36), to keep cursors short.
     */
    public static CursorKey ofVersion(String versionId, byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(versionId.getBytes(StandardCharsets.UTF_8));
            return new CursorKey(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, ID_BYTES)), secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public String id() {
        return id;
    }

    /** HMAC-SHA256 of {@code parts}, in order, under this key. */
    byte[] mac(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("The cursor key " + id + " is not a usable HMAC key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "CursorKey[" + id + "]";
    }
}
