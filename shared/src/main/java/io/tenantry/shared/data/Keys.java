package io.tenantry.shared.data;

import io.tenantry.shared.auth.TenantAccess;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The key scheme of the single table. Tenant data: partition {@code TENANT#<tenantId>}, sort key
 * {@code <TYPE>#<id>}. Identities live in their own key spaces, never reachable from tenant routes:
 * {@code IDENTITY#<iss>#<sub>} (the user of a token identity), {@code EMAIL#<email>} (the user an
 * address is bound to) and {@code USER#<userId>} (a user's memberships).
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

    /**
     * The tenant record's counts of members (invitations included), projects and media, kept in step
     * by every write that adds or removes one, in the same transaction, whose condition holds the
     * count under the plan's quota. A record written before a count existed counts from zero.
     */
    public static final String MEMBER_COUNT = "memberCount";

    public static final String PROJECT_COUNT = "projectCount";
    public static final String MEDIA_COUNT = "mediaCount";
    public static final String WEBHOOK_COUNT = "webhookCount";

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

    /**
     * How many partitions a tenant's metered usage is spread over: each flush of usage counters
     * writes to one of them, at random, so that a busy tenant's counters never make one partition
     * key hot. Readers query every shard.
     */
    public static final int USAGE_SHARDS = 8;

    /** How many partitions each day's index of tenants with usage is spread over (by tenant id). */
    public static final int USAGE_DAY_INDEX_SHARDS = 32;

    /** The sort key, in the tenant's partition, of the tenant's running total of stored bytes. */
    public static final String STORAGE_LEVEL = "USAGE#STORAGE";

    /**
     * One of the write-sharded partitions of a tenant's usage counters, {@code
     * TENANT#<tenantId>#USAGE#<shard>}, one item per day ({@code DAY#<yyyy-mm-dd>}). Under the
     * tenant's prefix, like the rate bucket, and never shared with the tenant's data.
     */
    public static String usagePartitionOf(TenantAccess access, int shard) {
        if (shard < 0 || shard >= USAGE_SHARDS) {
            throw new IllegalArgumentException("No usage shard " + shard);
        }
        return "TENANT#" + access.tenantId() + "#USAGE#" + shard;
    }

    /**
     * Every partition of a tenant besides its own {@link #partitionOf(TenantAccess)}: the rate
     * bucket and the usage shards. A partition key cannot be listed by prefix, so whatever adds a
     * partition under {@code TENANT#<tenantId>} must be named here, where the purge of a departing
     * tenant finds it.
     */
    public static List<String> satellitePartitionsOf(TenantAccess access) {
        List<String> partitions = new ArrayList<>();
        partitions.add(rateBucketOf(access));
        for (int shard = 0; shard < USAGE_SHARDS; shard++) {
            partitions.add(usagePartitionOf(access, shard));
        }
        return List.copyOf(partitions);
    }

    /**
     * The partition of one day's index of tenants with usage, {@code USAGEDAY#<yyyy-mm-dd>#<shard>},
     * sort key the tenant id. The shard follows from the tenant id, so the purge finds its entries.
     */
    public static String usageDayIndexOf(LocalDate day, String tenantId) {
        return usageDayIndexOf(day, usageDayIndexShardOf(tenantId));
    }

    /**
     * The day-index shard a tenant's entries go to, {@code floorMod(tenantId.hashCode(), 32)}: stable
     * across JVMs ({@link String#hashCode()} is specified), so writers, the purge and the readers
     * that merge the index shard by shard agree on it.
     */
    public static int usageDayIndexShardOf(String tenantId) {
        return Math.floorMod(tenantId.hashCode(), USAGE_DAY_INDEX_SHARDS);
    }

    public static String usageDayIndexOf(LocalDate day, int shard) {
        return "USAGEDAY#" + day + "#" + shard;
    }

    /**
     * The partition that outlives a purged tenant, {@code DELETION#<tenantId>}: its deletion receipt
     * and the usage totals finance keeps. Outside the tenant's key space, never reachable from a
     * tenant route.
     */
    public static String deletionPartitionOf(String tenantId) {
        return "DELETION#" + tenantId;
    }

    /** The index of purged tenants by the months they had usage in, {@code DELETION#MONTH#<yyyy-mm>}. */
    public static String deletionMonthIndexOf(YearMonth month) {
        return "DELETION#MONTH#" + month;
    }

    /** The partition of a caller's own records that belong to no tenant (idempotency of sign-up), by identity. */
    public static String callerPartition(String identity) {
        return "CALLER#" + identity;
    }

    /** Package-private: the directory reads tenant records by id to name a user's memberships. */
    static String tenantPartition(String tenantId) {
        return "TENANT#" + tenantId;
    }

    /**
     * The partition of a token identity, {@code IDENTITY#<iss>#<sub>}. The issuer is the
     * deployment's one configured issuer, so its fixed text keeps subjects apart.
     */
    static String identityPartition(String issuer, String subject) {
        return "IDENTITY#" + issuer + "#" + subject;
    }

    static String emailPartition(String email) {
        return "EMAIL#" + email;
    }

    static String userPartition(String userId) {
        return "USER#" + userId;
    }
}
