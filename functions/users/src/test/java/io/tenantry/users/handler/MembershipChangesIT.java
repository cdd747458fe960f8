package io.tenantry.users.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stored membership decides on every request: a removed member, a demoted admin, an invitation
 * past the plan's member quota. Each refusal is paired with the same call by the rightful caller.
 * (Membership is not cached in these tests; docs/architecture.md and the gate's own test cover the
 * at-most-4-seconds cache.)
 */
@EmulatedAws
class MembershipChangesIT {
    static UsersFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new UsersFixture(
                aws, Map.of("tenantry.membership.cache-millis", "0", "tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static ApiResult invite(SeededTenant tenant, Role as) {
        return ApiResult.call(
                fixture.create,
                tenant.as(as, "POST", "/v1/users").json("{\"email\": \"m-" + UUID.randomUUID() + "@example.test\"}"));
    }

    @Test
    void aRemovedMembersStillValidToken_isRefused_whileTheRemainingAdminIsServed() {
        SeededTenant tenant = fixture.newTenant();
        assertEquals(
                200,
                ApiResult.call(fixture.list, tenant.as(Role.MEMBER, "GET", "/v1/users"))
                        .status());

        ApiResult removed =
                ApiResult.call(fixture.delete, fixture.onUser(tenant, "admin", "DELETE", tenant.userId(Role.MEMBER)));
        assertEquals(204, removed.status(), removed::toString);

        assertTrue(ApiResult.call(fixture.list, tenant.as(Role.MEMBER, "GET", "/v1/users"))
                .isProblem(403));
        assertEquals(
                200,
                ApiResult.call(fixture.list, tenant.as(Role.ADMIN, "GET", "/v1/users"))
                        .status());
    }

    @Test
    void aDemotedAdmin_cannotAddUsers_whileTheOwnerStillCan() {
        SeededTenant tenant = fixture.newTenant();
        assertEquals(201, invite(tenant, Role.ADMIN).status());

        ApiResult demoted = ApiResult.call(
                fixture.update,
                fixture.onUser(tenant, "owner", "PATCH", tenant.userId(Role.ADMIN))
                        .json("{\"role\": \"viewer\"}"));
        assertEquals(200, demoted.status(), demoted::toString);

        assertTrue(invite(tenant, Role.ADMIN).isProblem(403), "the token still says admin; the store says viewer");
        assertEquals(201, invite(tenant, Role.OWNER).status());
    }

    @Test
    void invitationsPastTheFreePlansMemberQuota_answer409_andCreateNothing_whileAProTenantGoesOn() {
        SeededTenant free = fixture.newTenant();
        SeededTenant pro = fixture.tenants.create(Plan.PRO);
        long quota = io.tenantry.shared.plan.PlanLimits.of(Plan.FREE)
                .quota(io.tenantry.shared.plan.PlanLimits.Quota.MEMBERS);
        for (long members = free.memberIds().size(); members < quota; members++) {
            assertEquals(201, invite(free, Role.ADMIN).status());
            assertEquals(201, invite(pro, Role.ADMIN).status());
        }
        ApiResult refused = invite(free, Role.ADMIN);

        assertTrue(refused.isProblem(409), refused::toString);
        assertTrue(refused.json().path("type").asText().endsWith("/quota-exceeded"), refused::toString);
        assertEquals(
                quota,
                ApiResult.call(
                                fixture.list,
                                free.as(Role.VIEWER, "GET", "/v1/users").query("limit", "100"))
                        .json()
                        .path("items")
                        .size());
        assertEquals(201, invite(pro, Role.ADMIN).status());
    }

    @Test
    void removingAMember_freesItsPlaceUnderTheQuota() {
        SeededTenant tenant = fixture.newTenant();
        long quota = io.tenantry.shared.plan.PlanLimits.of(Plan.FREE)
                .quota(io.tenantry.shared.plan.PlanLimits.Quota.MEMBERS);
        String last = null;
        for (long members = tenant.memberIds().size(); members < quota; members++) {
            last = invite(tenant, Role.ADMIN).json().path("userId").asText();
        }
        assertTrue(invite(tenant, Role.ADMIN).isProblem(409));
        assertEquals(
                204,
                ApiResult.call(fixture.delete, fixture.onUser(tenant, "admin", "DELETE", last))
                        .status());
        assertEquals(201, invite(tenant, Role.ADMIN).status());
    }

    @Test
    void anotherTenantsAdmin_cannotRenewAnInvitation_404AndNothingChanges_whileTheTenantsAdminCan() {
        SeededTenant mine = fixture.newTenant();
        SeededTenant theirs = fixture.newTenant();
        ApiResult invited = invite(mine, Role.ADMIN);
        String userId = invited.json().path("userId").asText();

        ApiResult foreign = ApiResult.call(
                fixture.resend,
                fixture.onUser(theirs, "owner", "POST", userId).route("POST /v1/users/{userId}/invitation"));
        assertTrue(foreign.isProblem(404), foreign::toString);
        ApiResult unchanged = ApiResult.call(fixture.get, fixture.onUser(mine, "viewer", "GET", userId));
        assertEquals(invited.json().path("version"), unchanged.json().path("version"));
        assertEquals(
                invited.json().path("invitationExpiresAt"), unchanged.json().path("invitationExpiresAt"));

        ApiResult rightful = ApiResult.call(
                fixture.resend,
                fixture.onUser(mine, "admin", "POST", userId).route("POST /v1/users/{userId}/invitation"));
        assertEquals(202, rightful.status(), rightful::toString);
    }

    @Test
    void anInvitation_canBeRenewed_untilItIsAccepted() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult invited = invite(tenant, Role.ADMIN);
        String userId = invited.json().path("userId").asText();
        var resend = fixture.onUser(tenant, "admin", "POST", userId).route("POST /v1/users/{userId}/invitation");

        ApiResult renewed = ApiResult.call(fixture.resend, resend);
        assertEquals(202, renewed.status(), renewed::toString);
        assertEquals("invited", renewed.json().path("status").asText());
        ApiResult accepted = ApiResult.call(
                fixture.resend,
                fixture.onUser(tenant, "admin", "POST", tenant.userId(Role.MEMBER))
                        .route("POST /v1/users/{userId}/invitation"));
        assertTrue(accepted.isProblem(409), accepted::toString);
    }
}
