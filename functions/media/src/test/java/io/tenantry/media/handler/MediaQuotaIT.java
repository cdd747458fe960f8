package io.tenantry.media.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.media.image.TestImages;
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
 * The plan's media quota: an upload counts once its bytes have arrived (an abandoned one expires and
 * never counts); a create at the quota answers 409 and creates nothing, while a tenant on a larger
 * plan with the same count goes on; a delete gives the place back.
 */
@EmulatedAws
class MediaQuotaIT {
    static MediaFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new MediaFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static void setCount(SeededTenant tenant, long count) {
        fixture.tenants.setCount(tenant, Keys.MEDIA_COUNT, count);
    }

    static long counted(SeededTenant tenant) {
        return fixture.tenants.count(tenant, Keys.MEDIA_COUNT);
    }

    @Test
    void anUploadCounts_onceItsBytesArrive_andADeleteGivesThePlaceBack() {
        SeededTenant tenant = fixture.newTenant();
        fixture.create(tenant, "abandoned.png", "image/png", 100);
        assertEquals(0, counted(tenant), "an upload that never comes does not count");

        String id = fixture.uploadAndProcess(tenant, "kept.png", "image/png", TestImages.png(64, 48))
                .path("id")
                .asText();
        assertEquals(1, counted(tenant));

        ApiResult deleted = ApiResult.call(fixture.delete, fixture.onMedia(tenant, "member", "DELETE", id));
        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(0, counted(tenant));
    }

    @Test
    void aCreateAtTheFreePlansQuota_answers409_andCreatesNothing_whileAProTenantGoesOn() {
        long quota = PlanLimits.of(Plan.FREE).quota(Quota.MEDIA);
        SeededTenant free = fixture.newTenant();
        SeededTenant pro = fixture.newTenantOn("pro");
        setCount(free, quota);
        setCount(pro, quota);

        ApiResult refused = fixture.createResult(free, "one-too-many.png", "image/png", 100);
        ApiResult accepted = fixture.createResult(pro, "fine.png", "image/png", 100);

        assertTrue(refused.isProblem(409), refused::toString);
        assertTrue(refused.json().path("type").asText().endsWith("/quota-exceeded"), refused::toString);
        assertEquals(
                0,
                ApiResult.call(fixture.list, free.as("viewer", "GET", "/v1/media"))
                        .json()
                        .path("items")
                        .size());
        assertEquals(201, accepted.status(), accepted::toString);

        setCount(free, quota - 1);
        assertEquals(
                201,
                fixture.createResult(free, "room-again.png", "image/png", 100).status());
    }
}
