package io.tenantry.shared.testing;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.TestTokens;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.plan.Plan;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Tenants and members as the stored records a request is admitted by: a tenant record (active, on a
 * plan) and, for each role, a member of the test issuer with that role, written through the same
 * directory code the functions use. A {@link SeededTenant}'s events carry the claims of the member
 * of the role asked for, so the membership the handler base reads is there.
 */
public final class TestTenants {
    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final UserDirectory directory;

    public TestTenants(ApplicationContext context) {
        this.dynamoDb = context.getBean(DynamoDbClient.class);
        this.table = context.getBean(TableSettings.class);
        this.directory = context.getBean(UserDirectory.class);
    }

    /** A new active tenant on the free plan with an owner, an admin, a member and a viewer. */
    public SeededTenant create() {
        return create(Plan.FREE);
    }

    public SeededTenant create(Plan plan) {
        return create(Ids.tenantId(), plan);
    }

    /** The tenant {@code tenantId} (its record written if missing) with one member of each role. */
    public SeededTenant create(String tenantId, Plan plan) {
        Map<String, AttributeValue> record = new HashMap<>();
        record.put(Keys.PK, AttributeValue.fromS("TENANT#" + tenantId));
        record.put(Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD));
        record.put("id", AttributeValue.fromS(tenantId));
        record.put("name", AttributeValue.fromS("Tenant " + tenantId.substring(tenantId.length() - 6)));
        record.put("plan", AttributeValue.fromS(plan.wireName()));
        record.put("status", AttributeValue.fromS("active"));
        record.put(Keys.OWNER_COUNT, AttributeValue.fromN("1"));
        record.put(Keys.MEMBER_COUNT, AttributeValue.fromN("4"));
        record.put("createdAt", AttributeValue.fromS(Instant.now().toString()));
        record.put("version", AttributeValue.fromN("1"));
        try {
            dynamoDb.putItem(
                    b -> b.tableName(table.name()).item(record).conditionExpression("attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException e) {
            // already there
        }
        SeededTenant tenant = new SeededTenant(tenantId);
        for (Role role : Role.values()) {
            tenant.userIds.put(role, member(tenant, tenant.subject(role), tenant.email(role), role));
        }
        return tenant;
    }

    /** Makes the test issuer's {@code subject} an active member of the tenant with {@code role}; its user id. */
    public String member(SeededTenant tenant, String subject, String email, Role role) {
        return member(tenant.tenantId(), subject, email, role);
    }

    /** The same, by tenant id: for tenants made through the API rather than by {@link #create}. */
    public String member(String tenantId, String subject, String email, Role role) {
        Caller caller = caller(subject, email, tenantId);
        String userId = directory.ensureUserId(caller);
        TenantAccess access = caller.ownerOfNewTenant(tenantId, userId);
        var writes = directory.membershipItems(access, userId, email, role, null);
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
        } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
            // already a member
        }
        return userId;
    }

    /**
     * Makes the identity an event's claims name ({@code iss}, {@code sub}, {@code email}) an active
     * member, with the claims' role, of the claims' tenant (its record written if missing): what a
     * sample event in {@code events/} needs to be admitted. Access as that member, to seed data.
     */
    public TenantAccess admit(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent event) {
        Map<String, String> claims =
                event.getRequestContext().getAuthorizer().getJwt().getClaims();
        String tenantId = claims.get("tenant_id");
        create(tenantId, Plan.FREE);
        Caller caller = new Caller(
                claims.get("iss"),
                claims.get("sub"),
                Optional.ofNullable(claims.get("email")),
                true,
                Optional.of(tenantId),
                Optional.empty());
        Role role = Role.fromWireName(claims.get("role")).orElse(Role.OWNER);
        String userId = directory.ensureUserId(caller);
        TenantAccess access = caller.ownerOfNewTenant(tenantId, userId);
        var writes = directory.membershipItems(access, userId, claims.get("email"), role, null);
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
        } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
            // already a member
        }
        return access;
    }

    /** Invites the test issuer's {@code subject} (by {@code email}) to the tenant; the invitation is not accepted. */
    public void invite(SeededTenant tenant, String subject, String email, Role role) {
        Caller caller = caller(subject, email, tenant.tenantId());
        String userId = directory.ensureUserId(caller);
        TenantAccess access = caller.ownerOfNewTenant(tenant.tenantId(), userId);
        var writes = directory.membershipItems(
                access, userId, email, role, Instant.now().plusSeconds(3600));
        dynamoDb.transactWriteItems(b -> b.transactItems(writes));
    }

    /** Marks the tenant {@code deleting}, as offboarding does first. */
    public void markDeleting(SeededTenant tenant) {
        dynamoDb.updateItem(b -> b.tableName(table.name())
                .key(recordKey(tenant))
                .updateExpression("SET #status = :deleting")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":deleting", AttributeValue.fromS("deleting"))));
    }

    /** Sets one of the tenant record's counts ({@code Keys.PROJECT_COUNT}, ...), as if that many items existed. */
    public void setCount(SeededTenant tenant, String counter, long count) {
        dynamoDb.updateItem(b -> b.tableName(table.name())
                .key(recordKey(tenant))
                .updateExpression("SET #count = :n")
                .expressionAttributeNames(Map.of("#count", counter))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Long.toString(count)))));
    }

    /** One of the tenant record's counts; 0 when it was never written. */
    public long count(SeededTenant tenant, String counter) {
        var item = dynamoDb.getItem(
                        b -> b.tableName(table.name()).key(recordKey(tenant)).consistentRead(true))
                .item();
        return item.containsKey(counter) ? Long.parseLong(item.get(counter).n()) : 0;
    }

    private static Map<String, AttributeValue> recordKey(SeededTenant tenant) {
        return Map.of(
                Keys.PK, AttributeValue.fromS("TENANT#" + tenant.tenantId()),
                Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD));
    }

    /** Access to the tenant as its owner, to seed data through repositories. */
    public TenantAccess ownerAccess(SeededTenant tenant) {
        Caller caller = caller(tenant.subject(Role.OWNER), tenant.email(Role.OWNER), tenant.tenantId());
        return caller.ownerOfNewTenant(tenant.tenantId(), tenant.userId(Role.OWNER));
    }

    private static Caller caller(String subject, String email, String tenantId) {
        return new Caller(
                TestTokens.issuer(), subject, Optional.of(email), true, Optional.of(tenantId), Optional.empty());
    }

    /** A seeded tenant: its id, and events as each of its members. */
    public static final class SeededTenant {
        private final String tenantId;
        private final Map<Role, String> userIds = new HashMap<>();

        SeededTenant(String tenantId) {
            this.tenantId = tenantId;
        }

        public String tenantId() {
            return tenantId;
        }

        public String userId(Role role) {
            return userIds.get(role);
        }

        /** The user ids of the seeded members, one per role. */
        public java.util.Set<String> memberIds() {
            return java.util.Set.copyOf(userIds.values());
        }

        public String subject(Role role) {
            return role.wireName() + "-" + tenantId;
        }

        public String email(Role role) {
            return role.wireName() + "-" + tenantId.toLowerCase(Locale.ROOT) + "@example.test";
        }

        /** An event as the member of {@code role} ({@code owner}, {@code admin}, {@code member}, {@code viewer}). */
        public ApiEvent as(String role, String method, String path) {
            Role r = Role.fromWireName(role).orElseThrow(() -> new IllegalArgumentException("No role " + role));
            return ApiEvent.of(method, path).member(subject(r), email(r), tenantId, role);
        }

        public ApiEvent as(Role role, String method, String path) {
            return as(role.wireName(), method, path);
        }
    }
}
