package io.tenantry.tenants.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import java.util.Map;
import java.util.UUID;

/** One Micronaut context and the tenants handlers on it, plus sign-up of fresh tenants. */
final class TenantsFixture implements AutoCloseable {
    final ApplicationContext context;
    final CreateTenantHandler create;
    final GetTenantHandler get;
    final UpdateTenantHandler update;
    final DeleteTenantHandler delete;
    final TenantPurgeQueueHandler purge;

    TenantsFixture(AwsEnvironment aws, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new java.util.HashMap<>(aws.micronautProperties("GetTenantFunction"));
        properties.putAll(aws.micronautProperties("TenantPurgeQueueFunction"));
        properties.putAll(extraProperties);
        context = ApplicationContext.run(properties);
        create = new CreateTenantHandler(context);
        get = new GetTenantHandler(context);
        update = new UpdateTenantHandler(context);
        delete = new DeleteTenantHandler(context);
        purge = new TenantPurgeQueueHandler(context);
    }

    /** A new user who has just created a tenant: its claims as owner. */
    SignedUp signUp(String plan) {
        String email = "owner-" + UUID.randomUUID() + "@example.test";
        String sub = "sub-" + UUID.randomUUID();
        ApiResult created = ApiResult.call(
                create,
                ApiEvent.of("POST", "/v1/tenants")
                        .user(sub, email)
                        .json("{\"name\": \"Tenant of " + email + "\", \"plan\": \"" + plan + "\"}"));
        assertEquals(201, created.status(), created::toString);
        return new SignedUp(created.json().path("id").asText(), sub, email);
    }

    /** A fresh user, its tenant, and events signed in to that tenant with any role. */
    record SignedUp(String tenantId, String sub, String email) {
        ApiEvent as(String role, String method, String path) {
            return ApiEvent.of(method, path).member(sub, email, tenantId, role);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
