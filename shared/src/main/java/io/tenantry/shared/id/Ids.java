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

    public static String requestId() {
        return "req_" + next();
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
