package io.tenantry.users.repository;

import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.users.model.Member;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Member items ({@code MEMBER#<userId>} in the tenant's partition) and the user's own membership
 * link, always written together in one transaction with the tenant record's owner count, whose
 * condition ({@code ownerCount > 1} before an owner leaves) keeps at least one owner.
 */
@Singleton
public class DynamoMemberRepository implements MemberRepository {
    private static final String ACTIVE_TENANT = "attribute_exists(PK) AND #status = :active";

    private final TenantItems items;
    private final UserDirectory directory;
    private final Clock clock;

    public DynamoMemberRepository(TenantItems items, UserDirectory directory, Clock clock) {
        this.items = items;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * The user's link first (with the function's own role: it is in the user's key space), then the
     * member item and the tenant's counts in one transaction with the tenant's credentials; a link
     * this call made is taken back when the transaction does not happen. See {@link UserDirectory#link}.
     */
    @Override
    public boolean invite(
            TenantAccess access,
            String userId,
            String email,
            Role role,
            Instant expiresAt,
            Instant createdAt,
            long quota) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(directory.memberItem(access, userId, email, role, expiresAt, createdAt));
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#members", Keys.MEMBER_COUNT));
        Map<String, AttributeValue> values = new HashMap<>(
                Map.of(":active", AttributeValue.fromS("active"), ":one", number(1), ":quota", number(quota)));
        String update = "ADD #members :one";
        if (role == Role.OWNER) {
            names.put("#ownerCount", Keys.OWNER_COUNT);
            update += ", #ownerCount :one";
        }
        writes.add(items.updateInTransaction(
                access,
                Keys.TENANT_RECORD,
                update,
                ACTIVE_TENANT + " AND (attribute_not_exists(#members) OR #members < :quota)",
                names,
                values));
        boolean linked = directory.link(access.tenantId(), userId);
        try {
            items.transact(access, writes);
            return true;
        } catch (RuntimeException e) {
            if (linked) {
                directory.unlink(access.tenantId(), userId);
            }
            if (!(e instanceof TransactionCanceledException cancelled)) {
                throw e;
            }
            if (failed(cancelled, 0)) {
                return false;
            }
            if (failed(cancelled, 1)) {
                Item tenant = items.get(access, Keys.TENANT_RECORD).orElse(null);
                if (tenant == null || !"active".equals(tenant.string("status"))) {
                    throw new TenantNotActiveException();
                }
                throw new QuotaReachedException();
            }
            throw new StaleVersionException("The membership changed meanwhile.");
        }
    }

    @Override
    public Member renewInvitation(TenantAccess access, Member current, Instant expiresAt) {
        List<TransactWriteItem> writes = List.of(items.updateInTransaction(
                access,
                UserDirectory.MEMBER_PREFIX + current.userId(),
                "SET expiresAt = :expires, #version = :next",
                "#version = :expected AND #status = :invited",
                Map.of("#version", Item.VERSION, "#status", "status"),
                Map.of(
                        ":expires", AttributeValue.fromS(expiresAt.toString()),
                        ":invited", AttributeValue.fromS(UserDirectory.INVITED),
                        ":expected", number(current.version()),
                        ":next", number(current.version() + 1))));
        run(access, writes);
        return find(access, current.userId()).orElseThrow(() -> new StaleVersionException("The member vanished."));
    }

    @Override
    public Optional<Member> find(TenantAccess access, String userId) {
        return items.get(access, UserDirectory.MEMBER_PREFIX + userId).map(this::toMember);
    }

    @Override
    public List<Member> list(TenantAccess access, Optional<String> afterUserId, int limit) {
        var start = afterUserId
                .map(id -> items.startKey(access, UserDirectory.MEMBER_PREFIX + id))
                .orElse(null);
        return items.query(access, UserDirectory.MEMBER_PREFIX, limit + 1, start, true).items().stream()
                .map(this::toMember)
                .toList();
    }

    @Override
    public Member changeRole(TenantAccess access, Member current, Role role) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(items.updateInTransaction(
                access,
                UserDirectory.MEMBER_PREFIX + current.userId(),
                "SET #role = :role, #version = :next",
                "#version = :expected",
                Map.of("#role", "role", "#version", Item.VERSION),
                Map.of(
                        ":role", AttributeValue.fromS(role.wireName()),
                        ":expected", number(current.version()),
                        ":next", number(current.version() + 1))));
        boolean wasOwner = current.role().equals(Role.OWNER.wireName());
        if (wasOwner && role != Role.OWNER) {
            writes.add(ownerCount(access, -1, "#ownerCount > :one"));
        } else if (!wasOwner && role == Role.OWNER) {
            writes.add(ownerCount(access, 1, "attribute_exists(PK)"));
        }
        run(access, writes);
        return new Member(
                current.userId(),
                current.email(),
                role.wireName(),
                current.status(),
                current.invitationExpiresAt(),
                current.createdAt(),
                current.version() + 1);
    }

    @Override
    public void remove(TenantAccess access, Member current) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(items.deleteInTransaction(
                access,
                UserDirectory.MEMBER_PREFIX + current.userId(),
                "#version = :expected",
                Map.of("#version", Item.VERSION),
                Map.of(":expected", number(current.version()))));
        boolean owner = current.role().equals(Role.OWNER.wireName());
        writes.add(items.updateInTransaction(
                access,
                Keys.TENANT_RECORD,
                owner ? "ADD #members :minus, #ownerCount :minus" : "ADD #members :minus",
                owner ? "#ownerCount > :one" : "attribute_exists(PK)",
                owner
                        ? Map.of("#members", Keys.MEMBER_COUNT, "#ownerCount", Keys.OWNER_COUNT)
                        : Map.of("#members", Keys.MEMBER_COUNT),
                owner ? Map.of(":minus", number(-1), ":one", number(1)) : Map.of(":minus", number(-1))));
        run(access, writes);
        // After the member item: a removal that stops here leaves a link that grants nothing.
        directory.unlink(access.tenantId(), current.userId());
    }

    private void run(TenantAccess access, List<TransactWriteItem> writes) {
        try {
            items.transact(access, writes);
        } catch (TransactionCanceledException e) {
            for (int i = 1; i < writes.size(); i++) {
                if (!failed(e, 0) && failed(e, i) && isOwnerCountCheck(writes.get(i))) {
                    throw new LastOwnerException();
                }
            }
            throw new StaleVersionException("The member changed meanwhile.");
        }
    }

    private TransactWriteItem ownerCount(TenantAccess access, int delta, String condition) {
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        values.put(":delta", number(delta));
        if (condition.contains(":one")) {
            values.put(":one", number(1));
        }
        if (condition.contains(":active")) {
            values.put(":active", AttributeValue.fromS("active"));
        }
        Map<String, String> names = new java.util.HashMap<>();
        names.put("#ownerCount", Keys.OWNER_COUNT);
        if (condition.contains("#status")) {
            names.put("#status", "status");
        }
        return items.updateInTransaction(
                access, Keys.TENANT_RECORD, "ADD #ownerCount :delta", condition, names, values);
    }

    private static boolean isOwnerCountCheck(TransactWriteItem write) {
        return write.update() != null
                && write.update().conditionExpression() != null
                && write.update().conditionExpression().contains("#ownerCount");
    }

    private static boolean failed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        return reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private Member toMember(Item item) {
        String expires = item.string("expiresAt");
        String status = UserDirectory.statusOf(item);
        if (UserDirectory.INVITED.equals(status)
                && expires != null
                && !Instant.parse(expires).isAfter(clock.instant())) {
            status = UserDirectory.EXPIRED;
        }
        return new Member(
                item.string("userId"),
                item.string("email"),
                item.string("role"),
                status,
                UserDirectory.ACTIVE.equals(status) ? null : expires,
                item.string("createdAt"),
                item.version());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
