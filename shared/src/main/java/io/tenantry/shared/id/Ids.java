package io.tenantry.shared.id;

import com.github.f4b6a3.ulid.UlidFactory;
import java.security.SecureRandom;

/**
 * Opaque, sortable ids: a type prefix and a ULID ({@code prj_01JD3Q5...}). The generator is made on
 * first use, at request time, never during initialisation, so no SnapStart snapshot holds random
 * state that restored instances would share.
 */
public final class Ids {
    private static volatile UlidFactory factory;

    private Ids() {}

    public static String tenantId() {
        return "ten_" + next();
    }

    public static String userId() {
        return "usr_" + next();
    }

    public static String projectId() {
        return "prj_" + next();
    }

    public static String mediaId() {
        return "med_" + next();
    }

    public static String invoiceId() {
        return "inv_" + next();
    }

    public static String auditEventId() {
        return "aud_" + next();
    }

    public static String webhookId() {
        return "whk_" + next();
    }

    /** An outbox message's id ({@code obx_…}), time-ordered. */
    public static String outboxId() {
        return "obx_" + next();
    }

    /** A tenant event's id ({@code evt_…}): the {@code webhook-id} of every delivery of it. */
    public static String eventId() {
        return "evt_" + next();
    }

    /**
     * The id of the delivery of event {@code eventId} to webhook {@code webhookId}, the same every time it is asked
     * for (so a redelivered event makes no second delivery): the event's ULID time part, then 16 Crockford base32
     * characters of the SHA-256 of the pair. It sorts with the event's time.
     */
    public static String deliveryId(String eventId, String webhookId) {
        String ulid = eventId.substring(eventId.indexOf('_') + 1);
        String time = ulid.length() >= 10 ? ulid.substring(0, 10) : "0000000000";
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((eventId + "|" + webhookId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        StringBuilder random = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            random.append(alphabet.charAt(hash[i] & 31));
        }
        return "dlv_" + time + random;
    }

    public static String requestId() {
        return "req_" + next();
    }

    /**
     * Drops the generator, so the next id is made by a new one: what priming calls when it is done, so that a
     * snapshot holds no generator whatever the primed path made.
     */
    public static void forgetGenerator() {
        synchronized (Ids.class) {
            factory = null;
        }
    }

    /** Whether a generator is made (what the priming tests check is not left for a snapshot). */
    public static boolean hasGenerator() {
        return factory != null;
    }

    private static String next() {
        UlidFactory f = factory;
        if (f == null) {
            synchronized (Ids.class) {
                if (factory == null) {
                    factory = UlidFactory.newMonotonicInstance(new SecureRandom());
                }
                f = factory;
            }
        }
        return f.create().toString();
    }
}
