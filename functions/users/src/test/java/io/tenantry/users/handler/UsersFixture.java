package io.tenantry.users.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.UserDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The users handlers on one context, and tenants seeded as a sign-up leaves them (one owner). */
final class UsersFixture implements AutoCloseable {
    final ApplicationContext context;
    final ListUsersHandler list;
    final CreateUserHandler create;
    final GetUserHandler get;
    final UpdateUserHandler update;
    final DeleteUserHandler delete;

    UsersFixture(AwsEnvironment aws) {
        this(aws, Map.of());
    }

    UsersFixture(AwsEnvironment aws, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new java.util.HashMap<>(aws.micronautProperties("ListUsersFunction"));
        properties.putAll(extraProperties);
        context = ApplicationContext.run(properties);
        list = new ListUsersHandler(context);
        create = new CreateUserHandler(context);
        get = new GetUserHandler(context);
        update = new UpdateUserHandler(context);
        delete = new DeleteUserHandler(context);
    }

    /** A tenant, its owner's user id and email; events as the owner or any role. */
    record Tenant(String tenantId, String ownerId, String ownerEmail) {
        ApiEvent as(String role, String method, String path) {
            return ApiEvent.of(method, path).member("sub-" + ownerId, ownerEmail, tenantId, role);
        }
    }

    Tenant newTenant() {
        String tenantId = "ten_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
        String email = "owner-" + UUID.randomUUID() + "@example.test";
        UserDirectory.User owner = context.getBean(UserDirectory.class).ensureUser(email);
        seed(tenantId, owner);
        return new Tenant(tenantId, owner.userId(), email);
    }

    /** Writes the tenant record (one owner) and {@code owner}'s membership, unless the tenant exists. */
    void seed(String tenantId, UserDirectory.User owner) {
        TenantAccess access = new Caller(
                        "test-issuer", "seed", Optional.empty(), false, Optional.empty(), Optional.empty())
                .ownerOfNewTenant(tenantId, "usr_TEST");
        TenantItems items = context.getBean(TenantItems.class);
        if (items.get(access, Keys.TENANT_RECORD).isPresent()) {
            return;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(items.createInTransaction(
                access,
                Keys.TENANT_RECORD,
                Map.of(
                        "id",
                        AttributeValue.fromS(tenantId),
                        "name",
                        AttributeValue.fromS("Tenant " + tenantId),
                        "plan",
                        AttributeValue.fromS("free"),
                        "status",
                        AttributeValue.fromS("active"),
                        Keys.OWNER_COUNT,
                        AttributeValue.fromN("1"),
                        "createdAt",
                        AttributeValue.fromS(Instant.now().toString()))));
        writes.addAll(context.getBean(UserDirectory.class).membershipItems(access, owner, Role.OWNER));
        context.getBean(DynamoDbClient.class).transactWriteItems(b -> b.transactItems(writes));
    }

    /** Adds a member through the API, as the tenant's owner; its user id. */
    String addMember(Tenant tenant, String role) {
        ApiResult added = ApiResult.call(
                create,
                tenant.as("owner", "POST", "/v1/users")
                        .json("{\"email\": \"m-" + UUID.randomUUID() + "@example.test\", \"role\": \"" + role + "\"}"));
        if (added.status() != 201) {
            throw new AssertionError(added.toString());
        }
        return added.json().path("userId").asText();
    }

    ApiEvent onUser(Tenant tenant, String role, String method, String userId) {
        return tenant.as(role, method, "/v1/users/" + userId)
                .route(method + " /v1/users/{userId}")
                .pathParameter("userId", userId);
    }

    @Override
    public void close() {
        context.close();
    }
}
