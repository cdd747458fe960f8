package io.tenantry.webhooks.repository;

import io.tenantry.shared.idempotency.ReplaySealer;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * The webhooks context's {@link ReplaySealer}: an answer that carries a signing secret ({@code POST /v1/webhooks},
 * {@code POST /v1/webhooks/{webhookId}/rotate-secret}) is kept for {@code Idempotency-Key} replays encrypted as the
 * secrets themselves are ({@link SecretCipher}: AES-256-GCM under the current data key), bound to its idempotency
 * record, so the secret is never in the table in clear.
 */
@Singleton
public class SealedReplays implements ReplaySealer {
    private static final String PURPOSE = "idempotent-answer";

    private final SecretCipher cipher;

    public SealedReplays(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String seal(byte[] answer, String record) {
        return cipher.encrypt(new String(answer, StandardCharsets.UTF_8), record, PURPOSE);
    }

    @Override
    public byte[] open(String sealed, String record) {
        return cipher.decrypt(sealed, record, PURPOSE).getBytes(StandardCharsets.UTF_8);
    }
}
