package io.tenantry.shared.data;

import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.aws.AwsClientFactory;
import io.tenantry.shared.id.Ids;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Users and their memberships, across tenants, in the identity key spaces (found by key, never by
 * scanning, never reachable from tenant routes):
 *
 * <ul>
 *   <li>{@code IDENTITY#<iss>#<sub>} / {@code USER}: the user id of a token's (issuer, subject), made
 *       on first sight. A user is that pair, never an email address.
 *   <li>{@code EMAIL#<email>} / {@code USER}: the user an address belongs to. An invitation to an
 *       address nobody has claimed writes it <em>unbound</em> (a user id and no identity); the first
 *       sign-in whose token vouches for the address ({@code email_verified}) binds it to its identity,
 *       and from then on the address plays no part for anyone else.
 *   <li>{@code USER#<userId>} / {@code MEMBERSHIP#<tenantId>}: one link per membership, a pointer to
 *       the member item {@code MEMBER#<userId>} in the tenant's partition, which alone holds the
 *       membership's role, status and expiry (links written before carry copies, no longer read).
 * </ul>
 *
 * A member item carries {@code status}: {@code invited} until the user's first verified sign-in with
 * the invited address, then {@code active}. Items without a status predate invitations and are
 * active. Tenant routes write member items with the tenant's scoped credentials and links with the
 * function's own (one request is signed by one principal), in the order {@link #link} explains.
 */
@Singleton
public final class UserDirectory {
    private static final String USER_RECORD = "USER";
    private static final String MEMBERSHIP_PREFIX = "MEMBERSHIP#";
    private static final String SIGNUPS = "SIGNUPS";
    public static final String MEMBER_PREFIX = "MEMBER#";
    public static final String INVITED = "invited";
    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    private static final long BATCH_BACKOFF_MILLIS = 25;

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final Clock clock;

    public UserDirectory(
            @Named(AwsClientFactory.FUNCTION_ROLE) DynamoDbClient dynamoDb, TableSettings table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** Who an address belongs to: a user id, and whether a verified sign-in has bound it to an identity. */
    public record EmailOwner(String userId, boolean bound) {}

    /** A membership of a user, with the tenant's current name and status. */
    public record Membership(
            String tenantId,
            String tenantName,
            String tenantStatus,
            Role role,
            String status,
            String email,
            Instant expiresAt) {

        public boolean isActive() {
            return ACTIVE.equals(status);
        }

        /** An invitation that can still be accepted at {@code now}. */
        public boolean isOpenInvitation(Instant now) {
            return INVITED.equals(status) && expiresAt != null && expiresAt.isAfter(now);
        }
    }

    /** The user id of the caller's identity, if it has been seen. */
    public Optional<String> findUserId(Caller caller) {
        return read(identityKey(caller)).map(item -> item.string("userId"));
    }

    /** The user id of the caller's identity, made on first sight (two racing first sights agree). */
    public String ensureUserId(Caller caller) {
        Optional<String> existing = findUserId(caller);
        if (existing.isPresent()) {
            return existing.get();
        }
        String userId = Ids.userId();
        Map<String, AttributeValue> item = new HashMap<>(identityKey(caller));
        item.put("userId", AttributeValue.fromS(userId));
        item.put("issuer", AttributeValue.fromS(caller.issuer()));
        item.put("subject", AttributeValue.fromS(caller.subject()));
        item.put("createdAt", AttributeValue.fromS(now().toString()));
        caller.email().ifPresent(e -> item.put("email", AttributeValue.fromS(e)));
        try {
            dynamoDb.putItem(b -> b.tableName(table.name()).item(item).conditionExpression("attribute_not_exists(PK)"));
            return userId;
        } catch (ConditionalCheckFailedException e) {
            return findUserId(caller).orElseThrow(() -> new IllegalStateException("Identity vanished after a race"));
        }
    }

    /**
     * Points the caller's identity at another user id: the id an invitation minted for the address
     * the caller has just proven. Only while the identity still has {@code fromUserId}.
     */
    public boolean adoptUserId(Caller caller, String fromUserId, String toUserId) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(identityKey(caller))
                    .updateExpression("SET userId = :to")
                    .conditionExpression("userId = :from")
                    .expressionAttributeValues(
                            Map.of(":to", AttributeValue.fromS(toUserId), ":from", AttributeValue.fromS(fromUserId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Who {@code email} belongs to, if anyone. */
    public Optional<EmailOwner> emailOwner(String email) {
        return read(emailKey(email)).map(item -> new EmailOwner(item.string("userId"), item.string("issuer") != null));
    }

    /**
     * The user an invitation to {@code email} is for: the address's user, or a new user id written
     * unbound, to be claimed by the first verified sign-in with the address.
     */
    public String userIdForInvitation(String email) {
        Optional<EmailOwner> owner = emailOwner(email);
        if (owner.isPresent()) {
            return owner.get().userId();
        }
        String userId = Ids.userId();
        Map<String, AttributeValue> item = new HashMap<>(emailKey(email));
        item.put("userId", AttributeValue.fromS(userId));
        item.put("email", AttributeValue.fromS(email));
        item.put("createdAt", AttributeValue.fromS(now().toString()));
        try {
            dynamoDb.putItem(b -> b.tableName(table.name()).item(item).conditionExpression("attribute_not_exists(PK)"));
            return userId;
        } catch (ConditionalCheckFailedException e) {
            return emailOwner(email)
                    .map(EmailOwner::userId)
                    .orElseThrow(() -> new IllegalStateException("Address vanished after a race"));
        }
    }

    /**
     * Binds a verified address to the caller's identity and to {@code userId} (the caller's own id,
     * or the id an invitation minted that the caller adopts): later invitations to the address are
     * for that user. Only while no other identity holds the address.
     *
     * @return the user id the address is now bound to, or empty when another identity has it
     */
    public Optional<String> bindEmail(Caller caller, String email, String userId) {
        Map<String, AttributeValue> values = Map.of(
                ":iss", AttributeValue.fromS(caller.issuer()),
                ":sub", AttributeValue.fromS(caller.subject()),
                ":uid", AttributeValue.fromS(userId),
                ":email", AttributeValue.fromS(email),
                ":now", AttributeValue.fromS(now().toString()));
        try {
            var updated = dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(emailKey(email))
                    .updateExpression(
                            "SET issuer = :iss, subject = :sub, boundAt = :now, email = :email, userId = :uid")
                    .conditionExpression("attribute_not_exists(issuer) OR (issuer = :iss AND subject = :sub)")
                    .expressionAttributeValues(values)
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW));
            return Optional.of(updated.attributes().get("userId").s());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * Every membership of a user, invitations included, as the member items say (role, status,
     * expiry), with tenant names read fresh from the tenants' records. A link whose member item is
     * gone (a removal that stopped between its two writes) is no membership and is skipped.
     */
    public List<Membership> memberships(String userId) {
        List<String> tenantIds = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            var page = dynamoDb.query(b -> b.tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(Keys.userPartition(userId)),
                            ":prefix", AttributeValue.fromS(MEMBERSHIP_PREFIX)))
                    .consistentRead(true)
                    .exclusiveStartKey(exclusiveStart));
            page.items().forEach(i -> tenantIds.add(new Item(i).string("tenantId")));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String tenantId : tenantIds) {
            keys.add(key(Keys.tenantPartition(tenantId), Keys.TENANT_RECORD));
            keys.add(key(Keys.tenantPartition(tenantId), MEMBER_PREFIX + userId));
        }
        Map<String, Item> tenants = new HashMap<>();
        Map<String, Item> members = new HashMap<>();
        for (var found : new BatchGets(dynamoDb, table.name(), BATCH_BACKOFF_MILLIS).read(keys, b -> b)) {
            Item item = new Item(found);
            String tenantId = item.string(Keys.PK).substring("TENANT#".length());
            (Keys.TENANT_RECORD.equals(item.string(Keys.SK)) ? tenants : members).put(tenantId, item);
        }
        List<Membership> result = new ArrayList<>();
        for (String tenantId : tenantIds) {
            Item tenant = tenants.get(tenantId);
            Item member = members.get(tenantId);
            Optional<Role> role = member == null ? Optional.empty() : Role.fromWireName(member.string("role"));
            if (tenant != null && role.isPresent()) {
                String expires = member.string("expiresAt");
                result.add(new Membership(
                        tenantId,
                        tenant.string("name"),
                        tenant.string("status"),
                        role.get(),
                        statusOf(member),
                        member.string("email"),
                        expires == null ? null : Instant.parse(expires)));
            }
        }
        return result;
    }

    /** A stored member's status: {@code invited} or {@code active} (items without one predate invitations). */
    public static String statusOf(Item item) {
        String status = item.string("status");
        return status == null ? ACTIVE : status;
    }

    /**
     * The two items of a new membership (the member item and the user's link), for one transaction
     * of a caller that may write both key spaces (a sign-up). A tenant route writes the member item
     * ({@link #memberItem}) with the tenant's credentials and the link ({@link #link}) with the
     * function's own, in that order reversed: see {@link #link}.
     */
    public List<TransactWriteItem> membershipItems(
            TenantAccess access, String userId, String email, Role role, Instant expiresAt) {
        return List.of(
                memberItem(access, userId, email, role, expiresAt),
                conditionalPut(linkItem(access.tenantId(), userId)));
    }

    /**
     * The member item of a new membership, in the tenant's partition: {@code invited} when {@code
     * expiresAt} is given, else {@code active}. It is the membership: role, status and expiry are read
     * from it alone.
     */
    public TransactWriteItem memberItem(
            TenantAccess access, String userId, String email, Role role, Instant expiresAt) {
        return memberItem(access, userId, email, role, expiresAt, now());
    }

    /** {@link #memberItem(TenantAccess, String, String, Role, Instant)}, created at {@code createdAt}. */
    public TransactWriteItem memberItem(
            TenantAccess access, String userId, String email, Role role, Instant expiresAt, Instant createdAt) {
        Map<String, AttributeValue> member = new HashMap<>(key(Keys.partitionOf(access), MEMBER_PREFIX + userId));
        member.put("userId", AttributeValue.fromS(userId));
        member.put("role", AttributeValue.fromS(role.wireName()));
        member.put("status", AttributeValue.fromS(expiresAt == null ? ACTIVE : INVITED));
        member.put("createdAt", AttributeValue.fromS(createdAt.toString()));
        member.put(Item.VERSION, AttributeValue.fromN("1"));
        if (email != null) {
            member.put("email", AttributeValue.fromS(email));
        }
        if (expiresAt != null) {
            member.put("expiresAt", AttributeValue.fromS(expiresAt.toString()));
        }
        return conditionalPut(member);
    }

    /**
     * Writes the user's link to a membership ({@code USER#<userId>} / {@code MEMBERSHIP#<tenantId>}),
     * the pointer by which a sign-in and {@code GET /v1/me} find the user's tenants; true when this
     * call created it, false when it was there. A tenant route writes it <em>before</em> the member
     * item and removes it <em>after</em> the member item, so a write that stops half-way leaves at
     * most a link without a member, which grants nothing (admission reads the member item) and which
     * {@link #memberships} skips.
     */
    public boolean link(String tenantId, String userId) {
        try {
            dynamoDb.putItem(b -> b.tableName(table.name())
                    .item(linkItem(tenantId, userId))
                    .conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Removes the user's link to a membership in {@code tenantId} (after its member item, see {@link #link}). */
    public void unlink(String tenantId, String userId) {
        dynamoDb.deleteItem(
                b -> b.tableName(table.name()).key(key(Keys.userPartition(userId), MEMBERSHIP_PREFIX + tenantId)));
    }

    private Map<String, AttributeValue> linkItem(String tenantId, String userId) {
        Map<String, AttributeValue> link = new HashMap<>(key(Keys.userPartition(userId), MEMBERSHIP_PREFIX + tenantId));
        link.put("tenantId", AttributeValue.fromS(tenantId));
        link.put("createdAt", AttributeValue.fromS(now().toString()));
        return link;
    }

    /** The removal of a membership on the user's side, for the caller's transaction. */
    public TransactWriteItem membershipDelete(TenantAccess access, String userId) {
        return TransactWriteItem.builder()
                .delete(Delete.builder()
                        .tableName(table.name())
                        .key(key(Keys.userPartition(userId), MEMBERSHIP_PREFIX + access.tenantId()))
                        .build())
                .build();
    }

    /**
     * Accepts an open invitation: the member item becomes {@code active}, only while it is still
     * invited and the invitation has not expired. False when it no longer can be.
     */
    public boolean activate(String tenantId, String userId) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(key(Keys.tenantPartition(tenantId), MEMBER_PREFIX + userId))
                    .updateExpression("SET #status = :active, #version = #version + :one REMOVE expiresAt")
                    .conditionExpression("#status = :invited AND expiresAt > :now")
                    .expressionAttributeNames(Map.of("#status", "status", "#version", Item.VERSION))
                    .expressionAttributeValues(Map.of(
                            ":active", AttributeValue.fromS(ACTIVE),
                            ":invited", AttributeValue.fromS(INVITED),
                            ":now", AttributeValue.fromS(now().toString()),
                            ":one", AttributeValue.fromN("1"))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The write counter of a user's sign-ups ({@code USER#<userId>} / {@code SIGNUPS}): a sign-up
     * reads it, counts the tenants the user owns, and advances it in its transaction on condition
     * that it is still what was read, so two racing sign-ups cannot both pass the count.
     */
    public long signUpSeq(String userId) {
        return read(key(Keys.userPartition(userId), SIGNUPS))
                .map(item -> item.number("seq"))
                .orElse(0L);
    }

    /** The advance of {@link #signUpSeq} from {@code seen}, for the sign-up's transaction. */
    public TransactWriteItem signUpSeqAdvance(String userId, long seen) {
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table.name())
                        .key(key(Keys.userPartition(userId), SIGNUPS))
                        .updateExpression("SET seq = :next")
                        .conditionExpression(seen == 0 ? "attribute_not_exists(seq)" : "seq = :seen")
                        .expressionAttributeValues(
                                seen == 0
                                        ? Map.of(":next", AttributeValue.fromN("1"))
                                        : Map.of(
                                                ":next", AttributeValue.fromN(Long.toString(seen + 1)),
                                                ":seen", AttributeValue.fromN(Long.toString(seen))))
                        .build())
                .build();
    }

    /**
     * Moves an open invitation from the user id it was minted for to another user's id (the member
     * item and the link, in one transaction, only while it is still an open invitation). False when
     * it no longer is, or the other user is already a member.
     */
    public boolean moveInvitation(String tenantId, String fromUserId, String toUserId) {
        Optional<Item> member = read(key(Keys.tenantPartition(tenantId), MEMBER_PREFIX + fromUserId));
        Optional<Item> link = read(key(Keys.userPartition(fromUserId), MEMBERSHIP_PREFIX + tenantId));
        if (member.isEmpty() || link.isEmpty() || !INVITED.equals(statusOf(member.get()))) {
            return false;
        }
        Map<String, AttributeValue> movedMember = new HashMap<>(member.get().attributes());
        movedMember.putAll(key(Keys.tenantPartition(tenantId), MEMBER_PREFIX + toUserId));
        movedMember.put("userId", AttributeValue.fromS(toUserId));
        Map<String, AttributeValue> movedLink = new HashMap<>(link.get().attributes());
        movedLink.putAll(key(Keys.userPartition(toUserId), MEMBERSHIP_PREFIX + tenantId));
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder()
                        .delete(Delete.builder()
                                .tableName(table.name())
                                .key(key(Keys.tenantPartition(tenantId), MEMBER_PREFIX + fromUserId))
                                .conditionExpression("#status = :invited")
                                .expressionAttributeNames(Map.of("#status", "status"))
                                .expressionAttributeValues(Map.of(":invited", AttributeValue.fromS(INVITED)))
                                .build())
                        .build(),
                TransactWriteItem.builder()
                        .delete(Delete.builder()
                                .tableName(table.name())
                                .key(key(Keys.userPartition(fromUserId), MEMBERSHIP_PREFIX + tenantId))
                                .build())
                        .build(),
                conditionalPut(movedMember),
                conditionalPut(movedLink));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    private Optional<Item> read(Map<String, AttributeValue> key) {
        var response = dynamoDb.getItem(b -> b.tableName(table.name()).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(new Item(response.item()))
                : Optional.empty();
    }

    private TransactWriteItem conditionalPut(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table.name())
                        .item(item)
                        .conditionExpression("attribute_not_exists(PK)")
                        .build())
                .build();
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    private static Map<String, AttributeValue> identityKey(Caller caller) {
        return key(Keys.identityPartition(caller.issuer(), caller.subject()), USER_RECORD);
    }

    private static Map<String, AttributeValue> emailKey(String email) {
        return key(Keys.emailPartition(email), USER_RECORD);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk));
    }
}
