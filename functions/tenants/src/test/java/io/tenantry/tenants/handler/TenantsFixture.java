package io.tenantry.tenants.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.testing.TestTenants;
import java.util.List;
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
    final ChangeTenantPlanHandler changePlan;
    final TestTenants tenants;

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
        changePlan = new ChangeTenantPlanHandler(context);
        tenants = new TestTenants(context);
    }

    /**
     * A new user who has just created a tenant (then moved to {@code plan} by the operator), with
     * a stored admin, member and viewer besides: events as the member of any role.
     */
    SignedUp signUp(String plan) {
        String email = "owner-" + UUID.randomUUID() + "@example.test";
        String sub = "sub-" + UUID.randomUUID();
        ApiResult created = ApiResult.call(
                create,
                ApiEvent.of("POST", "/v1/tenants").user(sub, email).json("{\"name\": \"Tenant of " + email + "\"}"));
        assertEquals(201, created.status(), created::toString);
        String tenantId = created.json().path("id").asText();
        if (!plan.equals("free")) {
            changePlan.handleRequest(Map.of("tenantId", tenantId, "plan", plan), null);
        }
        Map<String, String> subjects = new java.util.HashMap<>(Map.of("owner", sub));
        for (Role role : List.of(Role.ADMIN, Role.MEMBER, Role.VIEWER)) {
            String subject = role.wireName() + "-" + UUID.randomUUID();
            tenants.member(tenantId, subject, subject + "@example.test", role);
            subjects.put(role.wireName(), subject);
        }
        return new SignedUp(tenantId, sub, email, Map.copyOf(subjects));
    }

    /** A fresh user, its tenant, and events signed in to that tenant as the member of any role. */
    record SignedUp(String tenantId, String sub, String email, Map<String, String> subjects) {
        ApiEvent as(String role, String method, String path) {
            String subject = subjects.get(role);
            return ApiEvent.of(method, path)
                    .member(subject, role.equals("owner") ? email : subject + "@example.test", tenantId, role);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
