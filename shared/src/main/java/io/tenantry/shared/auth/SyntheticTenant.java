package io.tenantry.shared.auth;

/**
 * The tenant the deployment checks act as: the PreTraffic hook calls the new version of read routes with its
 * claims before any customer's traffic reaches that version. It is well formed (so it passes every check a real
 * tenant passes) but no sign-up can mint it (its ULID's timestamp is 0, 1970), and it is never metered, billed
 * or exported: {@code UsageMeter} records nothing for it and the cost export leaves it out.
 */
public final class SyntheticTenant {
    /** {@code ten_} and a ULID of timestamp 0 ending in SYNTH. */
    public static final String TENANT_ID = "ten_000000000000000000000SYNTH";

    /** The synthetic caller's subject. */
    public static final String USER_ID = "usr_000000000000000000000SYNTH";

    private SyntheticTenant() {}

    public static boolean is(String tenantId) {
        return TENANT_ID.equals(tenantId);
    }
}
