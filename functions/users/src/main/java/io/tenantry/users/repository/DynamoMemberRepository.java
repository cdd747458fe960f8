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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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

    private final DynamoDbClient dynamoDb;
    private final TenantItems items;
    private final UserDirectory directory;

    public DynamoMemberRepository(DynamoDbClient dynamoDb, TenantItems items, UserDirectory directory) {
        this.dynamoDb = dynamoDb;
        this.items = items;
        this.directory = directory;
    }

    @Override
    public boolean add(TenantAccess access, UserDirectory.User user, Role role) {
        List<TransactWriteItem> writes = new ArrayList<>(directory.membershipItems(access, user, role));
        writes.add(role == Role.OWNER ? ownerCount(access, 1, ACTIVE_TENANT) : activeTenantCheck(access));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (failed(e, 0) || failed(e, 1)) {
                return false;
            }
            if (failed(e, 2)) {
                throw new TenantNotActiveException();
            }
            throw new StaleVersionException("The membership changed meanwhile.");
        }
    }

    @Override
    public Optional<Member> find(TenantAccess access, String userId) {
        return items.get(access, UserDirectory.MEMBER_PREFIX + userId).map(DynamoMemberRepository::toMember);
    }

    @Override
    public List<Member> list(TenantAccess access, Optional<String> afterUserId, int limit) {
        var start = afterUserId
                .map(id -> items.startKey(access, UserDirectory.MEMBER_PREFIX + id))
                .orElse(null);
        return items.query(access, UserDirectory.MEMBER_PREFIX, limit + 1, start, true).items().stream()
                .map(DynamoMemberRepository::toMember)
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
        writes.add(directory.membershipRoleUpdate(access, current.userId(), role));
        boolean wasOwner = current.role().equals(Role.OWNER.wireName());
        if (wasOwner && role != Role.OWNER) {
            writes.add(ownerCount(access, -1, "#ownerCount > :one"));
        } else if (!wasOwner && role == Role.OWNER) {
            writes.add(ownerCount(access, 1, "attribute_exists(PK)"));
        }
        run(writes);
        return new Member(
                current.userId(), current.email(), role.wireName(), current.createdAt(), current.version() + 1);
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
        writes.add(directory.membershipDelete(access, current.userId()));
        if (current.role().equals(Role.OWNER.wireName())) {
            writes.add(ownerCount(access, -1, "#ownerCount > :one"));
        }
        run(writes);
    }

    private void run(List<TransactWriteItem> writes) {
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (!failed(e, 0) && writes.size() > 2 && failed(e, 2)) {
                throw new LastOwnerException();
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

    private TransactWriteItem activeTenantCheck(TenantAccess access) {
        return items.checkInTransaction(
                access,
                Keys.TENANT_RECORD,
                ACTIVE_TENANT,
                Map.of("#status", "status"),
                Map.of(":active", AttributeValue.fromS("active")));
    }

    private static boolean failed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        return reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static Member toMember(Item item) {
        return new Member(
                item.string("userId"),
                item.string("email"),
                item.string("role"),
                item.string("createdAt"),
                item.version());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
