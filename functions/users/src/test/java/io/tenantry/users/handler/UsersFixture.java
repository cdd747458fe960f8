package io.tenantry.users.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;
import java.util.UUID;

/** The users handlers on one context, and seeded tenants with a stored member of each role. */
final class UsersFixture implements AutoCloseable {
    final ApplicationContext context;
    final ListUsersHandler list;
    final CreateUserHandler create;
    final GetUserHandler get;
    final UpdateUserHandler update;
    final DeleteUserHandler delete;
    final ResendInvitationHandler resend;
    final TestTenants tenants;

    UsersFixture(AwsEnvironment aws) {
        this(aws, Map.of());
    }

    UsersFixture(AwsEnvironment aws, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new java.util.HashMap<>(aws.micronautProperties("CreateUserFunction"));
        properties.putAll(extraProperties);
        context = ApplicationContext.run(properties);
        list = new ListUsersHandler(context);
        create = new CreateUserHandler(context);
        get = new GetUserHandler(context);
        update = new UpdateUserHandler(context);
        delete = new DeleteUserHandler(context);
        resend = new ResendInvitationHandler(context);
        tenants = new TestTenants(context);
    }

    /** A tenant with one stored member of each role (one owner), as requests are admitted by. */
    SeededTenant newTenant() {
        return tenants.create();
    }

    /** Adds a member through the API, as the tenant's owner; its user id. */
    String addMember(SeededTenant tenant, String role) {
        ApiResult added = ApiResult.call(
                create,
                tenant.as("owner", "POST", "/v1/users")
                        .json("{\"email\": \"m-" + UUID.randomUUID() + "@example.test\", \"role\": \"" + role + "\"}"));
        if (added.status() != 201) {
            throw new AssertionError(added.toString());
        }
        return added.json().path("userId").asText();
    }

    ApiEvent onUser(SeededTenant tenant, String role, String method, String userId) {
        return tenant.as(role, method, "/v1/users/" + userId)
                .route(method + " /v1/users/{userId}")
                .pathParameter("userId", userId);
    }

    @Override
    public void close() {
        context.close();
    }
}
