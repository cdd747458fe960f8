package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.plan.PlanLimits;
import io.tenantry.shared.plan.PlanLimits.Quota;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plan's project quota, counted on the tenant record in the create's own transaction: at the
 * quota a create answers 409 and creates nothing, a tenant on a larger plan goes on, a delete gives
 * the place back. (The count is set directly rather than by creating a thousand projects.)
 */
@EmulatedAws
class ProjectQuotaTest {
    static ProjectsFixture fixture;
    static String table;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new ProjectsFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
        table = aws.resources().tableName("TenantryTable");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Map<String, AttributeValue> key(SeededTenant tenant) {
        return Map.of("PK", AttributeValue.fromS("TENANT#" + tenant.tenantId()), "SK", AttributeValue.fromS("TENANT"));
    }

    static void setCount(SeededTenant tenant, long count) {
        fixture.context
                .getBean(DynamoDbClient.class)
                .updateItem(b -> b.tableName(table)
                        .key(key(tenant))
                        .updateExpression("SET projectCount = :n")
                        .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Long.toString(count)))));
    }

    static long counted(SeededTenant tenant) {
        var item = fixture.context
                .getBean(DynamoDbClient.class)
                .getItem(b -> b.tableName(table).key(key(tenant)).consistentRead(true))
                .item();
        return Long.parseLong(item.get("projectCount").n());
    }

    static ApiResult create(SeededTenant tenant, String name) {
        return ApiResult.call(
                fixture.create, tenant.as("member", "POST", "/v1/projects").json("{\"name\": \"" + name + "\"}"));
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
