package io.tenantry.shared.data;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.aws.TenantScope;
import io.tenantry.shared.plan.Plan;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the stored records say of a caller in its token's tenant: whether the tenant is active, its
 * plan, and the role of the caller's active membership there. Read per request, with one strongly
 * consistent {@code BatchGetItem} of the tenant record and the member item (after the caller's
 * identity, itself one read), and kept per instance for {@code tenantry.membership.cache-millis}
 * (default 4 s), so a removed member, a changed role and a changed plan apply within 5 seconds.
 */
@Singleton
public final class MembershipGate {
    static final int MAX_CACHED = 10_000;

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final UserDirectory directory;
    private final TenantPlans plans;
    private final TenantScope scope;
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public MembershipGate(
            DynamoDbClient dynamoDb,
            TableSettings table,
            UserDirectory directory,
            TenantPlans plans,
            TenantScope scope,
            Clock clock,
            @Value("${tenantry.membership.cache-millis:4000}") long ttlMillis) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.directory = directory;
        this.plans = plans;
        this.scope = scope;
        this.clock = clock;
        this.ttlMillis = ttlMillis;
    }

    /**
     * The caller's standing in {@code tenantId}.
     *
     * @param tenantActive false when the tenant does not exist or is being deleted
     * @param userId the caller's user id, or null when the identity was never seen
     * @param role the role of the caller's active membership, or null when it has none
     */
    public record Standing(boolean tenantActive, Plan plan, String userId, Role role) {}

    private record Cached(Standing standing, long expiresAt) {}

    public Standing standing(Caller caller, String tenantId) {
        String cacheKey = caller.issuer() + "\n" + caller.subject() + "\n" + tenantId;
        long now = clock.millis();
        Cached cached = cache.get(cacheKey);
        if (cached != null && cached.expiresAt() > now) {
            return cached.standing();
        }
        Standing standing = read(caller, tenantId);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        if (ttlMillis > 0) {
            cache.put(cacheKey, new Cached(standing, now + ttlMillis));
        }
        plans.remember(tenantId, standing.plan());
        return standing;
    }

    private Standing read(Caller caller, String tenantId) {
        Optional<String> userId = directory.findUserId(caller);
        String partition = Keys.tenantPartition(tenantId);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        keys.add(UserDirectory.key(partition, Keys.TENANT_RECORD));
        userId.ifPresent(id -> keys.add(UserDirectory.key(partition, UserDirectory.MEMBER_PREFIX + id)));
        Item tenant = null;
        Item member = null;
        // The tenant's own items, read with the tenant's scoped credentials: the function's role
        // reads no tenant's data.
        var items = scope.call(
                tenantId,
                TenantScope.Access.READ_ONLY,
                () -> new BatchGets(dynamoDb, table.name(), 25).read(keys, b -> b));
        for (var found : items) {
            Item item = new Item(found);
            if (Keys.TENANT_RECORD.equals(item.string(Keys.SK))) {
                tenant = item;
            } else {
                member = item;
            }
        }
        boolean active = tenant != null && "active".equals(tenant.string("status"));
        Plan plan = tenant == null
                ? Plan.FREE
                : Plan.fromWireName(tenant.string("plan")).orElse(Plan.FREE);
        Role role = member != null && UserDirectory.ACTIVE.equals(UserDirectory.statusOf(member))
                ? Role.fromWireName(member.string("role")).orElse(null)
                : null;
        return new Standing(active, plan, userId.orElse(null), role);
    }
}
