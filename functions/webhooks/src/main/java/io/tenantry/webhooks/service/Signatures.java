package io.tenantry.webhooks.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): {@code v1,<base64 of HMAC-SHA256(key,
 * "<webhook-id>.<webhook-timestamp>.<body>")>}, where the key is the base64-decoded part of the secret after {@code
 * whsec_}; during a rotation, one signature per secret, separated by a space. No maintained Java implementation is in
 * the registry this build uses, so it is written here, on {@code javax.crypto.Mac}.
 */
public final class Signatures {
    public static final String PREFIX = "whsec_";
    static final int SECRET_BYTES = 32;

    private Signatures() {}

    /** A new secret: {@code whsec_} and the base64 of 32 random bytes. */
    public static String newSecret(SecureRandom random) {
        byte[] key = new byte[SECRET_BYTES];
        random.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header value: one {@code v1,<sig>} per secret, space-separated. */
    public static String header(String messageId, long timestampSeconds, String body, List<String> secrets) {
        return secrets.stream()
                .map(s -> sign(messageId, timestampSeconds, body, s))
                .collect(Collectors.joining(" "));
    }

    /** One signature, {@code v1,<base64>}. */
    public static String sign(String messageId, long timestampSeconds, String body, String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed =
                    mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
