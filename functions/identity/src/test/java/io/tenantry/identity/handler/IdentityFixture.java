package io.tenantry.identity.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.UserDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** A Micronaut context on the emulators, and tenants with members written straight to the table. */
final class IdentityFixture implements AutoCloseable {
    final ApplicationContext context;

    IdentityFixture(AwsEnvironment aws, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("GetMeFunction"));
        properties.putAll(extraProperties);
        context = ApplicationContext.run(properties);
    }

    static String freshEmail() {
        return "user-" + UUID.randomUUID() + "@example.test";
    }

    /** Writes a tenant named {@code name} with {@code email} as a member in {@code role}. */
    String tenantWithMember(String name, String status, String email, Role role) {
        UserDirectory directory = context.getBean(UserDirectory.class);
        TenantItems items = context.getBean(TenantItems.class);
        UserDirectory.User user = directory.ensureUser(email);
        String tenantId = "ten_" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        Caller caller = new Caller("seed", email, Optional.empty(), Optional.empty());
        TenantAccess access = caller.ownerOfNewTenant(tenantId);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(items.createInTransaction(
                access,
                Keys.TENANT_RECORD,
                Map.of(
                        "id", AttributeValue.fromS(tenantId),
                        "name", AttributeValue.fromS(name),
                        "plan", AttributeValue.fromS("free"),
                        "status", AttributeValue.fromS(status),
                        "createdAt", AttributeValue.fromS("2026-11-01T00:00:00Z"))));
        writes.addAll(directory.membershipItems(access, user, role));
        context.getBean(DynamoDbClient.class).transactWriteItems(b -> b.transactItems(writes));
        return tenantId;
    }

    @Override
    public void close() {
        context.close();
    }
}
