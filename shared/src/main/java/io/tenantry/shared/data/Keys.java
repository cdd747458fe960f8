package io.tenantry.shared.data;

import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.TenantAccess;

/**
 * The key scheme of the single table. Tenant data: partition {@code TENANT#<tenantId>}, sort key
 * {@code <TYPE>#<id>}. Identities live in their own key spaces, never reachable from tenant routes:
 * {@code EMAIL#<email>} (the user of an address) and {@code USER#<userId>} (a user's memberships).
 */
public final class Keys {
    public static final String PK = "PK";
    public static final String SK = "SK";
    /** The sort key of a tenant's own record. */
    public static final String TENANT_RECORD = "TENANT";
    /**
     * The tenant record's count of owners, kept in step by every write that adds, promotes, demotes
     * or removes an owner, in the same transaction, so the last owner can neither leave nor be demoted.
     */
    public static final String OWNER_COUNT = "ownerCount";

    private Keys() {}

    /** The partition of the tenant an access names; there is no way to name one from a raw id. */
    public static String partitionOf(TenantAccess access) {
        return "TENANT#" + access.tenantId();
    }

    /**
     * The partition of a tenant's request-rate bucket: a key of its own (still under the tenant's
     * prefix, so IAM's leading-keys condition covers it) so that the limiter's writes never share a
     * partition key with the tenant's data.
     */
    public static String rateBucketOf(TenantAccess access) {
        return "TENANT#" + access.tenantId() + "#RATE";
    }

    /** The partition of a caller's own records that belong to no tenant (idempotency of sign-up). */
    public static String partitionOf(Caller caller) {
        return "CALLER#" + caller.subject();
    }

    /** Package-private: the directory reads tenant records by id to name a user's memberships. */
    static String tenantPartition(String tenantId) {
        return "TENANT#" + tenantId;
    }

    static String emailPartition(String email) {
        return "EMAIL#" + email;
    }

    static String userPartition(String userId) {
        return "USER#" + userId;
    }
}
