package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.plan.PlanLimits;
import io.tenantry.shared.plan.PlanLimits.Quota;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan's project quota, counted on the tenant record in the create's own transaction: at the
 * quota a create answers 409 and creates nothing, a tenant on a larger plan goes on, a delete gives
 * the place back. (The count is set directly rather than by creating a thousand projects.)
 */
@EmulatedAws
class ProjectQuotaIT {
    static ProjectsFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new ProjectsFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static ApiResult create(SeededTenant tenant, String name) {
        return ApiResult.call(
                fixture.create, tenant.as("member", "POST", "/v1/projects").json("{\"name\": \"" + name + "\"}"));
    }

    static void setCount(SeededTenant tenant, long count) {
        fixture.tenants.setCount(tenant, Keys.PROJECT_COUNT, count);
    }

    static long counted(SeededTenant tenant) {
        return fixture.tenants.count(tenant, Keys.PROJECT_COUNT);
    }

    @Test
    void aCreateAtTheQuota_answers409_andCreatesNothing_whileAProTenantGoesOn_andADeleteMakesRoom() {
        long quota = PlanLimits.of(Plan.FREE).quota(Quota.PROJECTS);
        SeededTenant free = fixture.newTenant();
        SeededTenant pro = fixture.tenants.create(Plan.PRO);
        String kept = fixture.createProject(free, "Kept");
        setCount(free, quota);
        setCount(pro, quota);

        ApiResult refused = create(free, "One too many");
        assertTrue(refused.isProblem(409), refused::toString);
        assertTrue(refused.json().path("type").asText().endsWith("/quota-exceeded"), refused::toString);
        assertEquals(quota, counted(free));
        assertEquals(
                1,
                ApiResult.call(fixture.list, free.as("viewer", "GET", "/v1/projects"))
                        .json()
                        .path("items")
                        .size());
        assertEquals(201, create(pro, "Fine").status());
        assertEquals(quota + 1, counted(pro));

        assertEquals(
                204,
                ApiResult.call(fixture.delete, fixture.onProject(free, "member", "DELETE", kept))
                        .status());
        assertEquals(quota - 1, counted(free));
        assertEquals(201, create(free, "Room again").status());
    }
}
