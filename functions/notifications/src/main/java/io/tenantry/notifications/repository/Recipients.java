package io.tenantry.notifications.repository;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.UserDirectory;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Who an email goes to and what it names, read from the tenant's own items at the time of sending. */
@Singleton
public class Recipients {
    private static final Set<String> NOTIFIED_ROLES = Set.of("owner", "admin");
    private static final int PAGE = 100;

    private final TenantItems items;

    public Recipients(TenantItems items) {
        this.items = items;
    }

    /** The tenant as an email names it; empty when it does not exist. */
    public record Tenant(String name, String status) {}

    /** An invited member: its address, role, status and when its current invitation expires. */
    public record Invitee(String email, String role, String status, Optional<Instant> expiresAt) {}

    public Optional<Tenant> tenant(TenantAccess access) {
        return items.get(access, Keys.TENANT_RECORD)
                .map(t -> new Tenant(
                        t.string("name") == null ? "" : t.string("name"),
                        t.string("status") == null ? "active" : t.string("status")));
    }

    public Optional<Invitee> member(TenantAccess access, String userId) {
        return items.get(access, UserDirectory.MEMBER_PREFIX + userId)
                .map(m -> new Invitee(
                        m.string("email"),
                        m.string("role"),
                        UserDirectory.statusOf(m),
                        Optional.ofNullable(m.string("expiresAt")).map(Instant::parse)));
    }

    /** The addresses of the tenant's active owners and admins. */
    public List<String> ownersAndAdmins(TenantAccess access) {
        List<String> addresses = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            TenantItems.Page page = items.query(access, UserDirectory.MEMBER_PREFIX, PAGE, start, true);
            for (Item member : page.items()) {
                if (NOTIFIED_ROLES.contains(member.string("role"))
                        && UserDirectory.ACTIVE.equals(UserDirectory.statusOf(member))
                        && member.string("email") != null) {
                    addresses.add(member.string("email"));
                }
            }
            start = page.lastKey();
        } while (start != null && !start.isEmpty());
        return addresses;
    }
}
