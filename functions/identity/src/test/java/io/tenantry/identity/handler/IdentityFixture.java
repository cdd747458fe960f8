package io.tenantry.identity.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.TestTokens;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.UserDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A Micronaut context on the emulators, and tenants with members (by identity) or invitations (by
 * address) written through the directory, as the users routes write them.
 */
public final class IdentityFixture implements AutoCloseable {
    public final ApplicationContext context;

    public IdentityFixture(AwsEnvironment aws, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("GetMeFunction"));
        properties.putAll(extraProperties);
        context = ApplicationContext.run(properties);
    }

    public static String freshEmail() {
        return "user-" + UUID.randomUUID() + "@example.test";
    }

    /** An identity of the test issuer with this address, verified or not, and a fresh subject. */
    public static Caller identity(String email, boolean verified) {
        return identity("sub-" + UUID.randomUUID(), email, verified);
    }

    public static Caller identity(String subject, String email, boolean verified) {
        return new Caller(
                TestTokens.issuer(), subject, Optional.of(email), verified, Optional.empty(), Optional.empty());
    }

    /** Writes a tenant named {@code name} with the identity as an active member in {@code role}. */
    public String tenantWithMember(String name, String status, Caller member, Role role) {
        UserDirectory directory = context.getBean(UserDirectory.class);
        String userId = directory.ensureUserId(member);
        String tenantId = newTenantId();
        TenantAccess access = member.ownerOfNewTenant(tenantId, userId);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(tenantRecord(access, name, status));
        writes.addAll(directory.membershipItems(access, userId, member.email().orElse(null), role, null));
        context.getBean(DynamoDbClient.class).transactWriteItems(b -> b.transactItems(writes));
        return tenantId;
    }

    /**
     * Writes an active tenant named {@code name} and an invitation of {@code email} to it in {@code
     * role}, expiring at {@code expiresAt}, as {@code POST /v1/users} does; the tenant's id.
     */
    public String tenantWithInvitation(String name, String email, Role role, Instant expiresAt) {
        UserDirectory directory = context.getBean(UserDirectory.class);
        String userId = directory.userIdForInvitation(email);
        String tenantId = newTenantId();
        TenantAccess access = identity("seed", "seed@example.test", true).ownerOfNewTenant(tenantId, "usr_SEED");
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(tenantRecord(access, name, "active"));
        writes.addAll(directory.membershipItems(access, userId, email, role, expiresAt));
        context.getBean(DynamoDbClient.class).transactWriteItems(b -> b.transactItems(writes));
        return tenantId;
    }

    /** The user id an invitation to {@code email} was made for. */
    public String invitedUserId(String email) {
        return context.getBean(UserDirectory.class)
                .emailOwner(email)
                .orElseThrow()
                .userId();
    }

    private TransactWriteItem tenantRecord(TenantAccess access, String name, String status) {
        return context.getBean(TenantItems.class)
                .createInTransaction(
                        access,
                        Keys.TENANT_RECORD,
                        Map.of(
                                "id", AttributeValue.fromS(access.tenantId()),
                                "name", AttributeValue.fromS(name),
                                "plan", AttributeValue.fromS("free"),
                                "status", AttributeValue.fromS(status),
                                "createdAt", AttributeValue.fromS("2026-11-01T00:00:00Z")));
    }

    private static String newTenantId() {
        return "ten_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
    }

    @Override
    public void close() {
        context.close();
    }
}
