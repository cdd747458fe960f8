package io.tenantry.webhooks.repository;

import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts an endpoint's signing secret for storage: AES-256-GCM with the current data key ({@link SigningKeys}), a
 * random 96-bit nonce, and the associated data {@code "<tenantId>/<webhookId>"}, so a ciphertext copied to another
 * tenant's or another endpoint's item does not decrypt. Stored as {@code v1.<key id>.<base64(nonce ‖ ciphertext ‖
 * tag)>}.
 */
@Singleton
public class SecretCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SigningKeys keys;
    private volatile SecureRandom random;

    public SecretCipher(SigningKeys keys) {
        this.keys = keys;
    }

    public String encrypt(String secret, String tenantId, String webhookId) {
        SigningKeys.Key key = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        random().nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(tenantId, webhookId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return "v1." + key.id() + "." + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a signing secret", e);
        }
    }

    public String decrypt(String stored, String tenantId, String webhookId) {
        String[] parts = stored == null ? new String[0] : stored.split("\\.", 3);
        if (parts.length != 3 || !"v1".equals(parts[0])) {
            throw new IllegalStateException("A stored signing secret is not in the v1 format.");
        }
        SigningKeys.Key key = keys.byId(parts[1])
                .orElseThrow(() -> new IllegalStateException("A signing secret names an unknown data key " + parts[1]));
        byte[] in = Base64.getDecoder().decode(parts[2]);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad(tenantId, webhookId));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored signing secret does not decrypt", e);
        }
    }

    private static byte[] aad(String tenantId, String webhookId) {
        return (tenantId + "/" + webhookId).getBytes(StandardCharsets.UTF_8);
    }

    private SecureRandom random() {
        SecureRandom r = random;
        if (r == null) {
            r = new SecureRandom();
            random = r;
        }
        return r;
    }
}
