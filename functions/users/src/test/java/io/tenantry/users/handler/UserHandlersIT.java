package io.tenantry.users.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@EmulatedAws
class UserHandlersIT {
    static UsersFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new UsersFixture(aws);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static ApiResult read(SeededTenant tenant, String userId) {
        return ApiResult.call(fixture.get, fixture.onUser(tenant, "viewer", "GET", userId));
    }

    static ApiResult patchRole(SeededTenant tenant, String as, String userId, String role) {
        return ApiResult.call(
                fixture.update, fixture.onUser(tenant, as, "PATCH", userId).json("{\"role\": \"" + role + "\"}"));
    }

    @Test
    void add_returns201_andTheNewMemberAppearsInTheListAndInTheirMemberships() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult added = ApiResult.call(
                fixture.create,
                tenant.as("admin", "POST", "/v1/users")
                        .json("{\"email\": \"Grace@Example.test\", \"role\": \"admin\"}"));

        assertEquals(201, added.status(), added::toString);
        String userId = added.json().path("userId").asText();
        assertTrue(userId.startsWith("usr_"));
        assertEquals("grace@example.test", added.json().path("email").asText());
        assertEquals("admin", added.json().path("role").asText());
        assertEquals("/v1/users/" + userId, added.header("Location"));
        assertEquals(200, read(tenant, userId).status());

        Set<String> listed = new java.util.HashSet<>();
        ApiResult.call(fixture.list, tenant.as("viewer", "GET", "/v1/users"))
                .json()
                .path("items")
                .forEach(m -> listed.add(m.path("userId").asText()));
        Set<String> expected = new java.util.HashSet<>(tenant.memberIds());
        expected.add(userId);
        assertEquals(expected, listed);
        assertEquals("invited", added.json().path("status").asText());
        assertTrue(added.json().hasNonNull("invitationExpiresAt"), added::toString);

        var memberships = fixture.context.getBean(UserDirectory.class).memberships(userId);
        assertEquals(
                List.of(tenant.tenantId()),
                memberships.stream().map(UserDirectory.Membership::tenantId).toList());
    }

    @Test
    void add_defaultsToMember_andAnswers409_forSomeoneAlreadyAMember() {
        SeededTenant tenant = fixture.newTenant();
        String body = "{\"email\": \"dup-" + tenant.tenantId() + "@example.test\"}";
        ApiResult first = ApiResult.call(
                fixture.create, tenant.as("admin", "POST", "/v1/users").json(body));
        ApiResult again = ApiResult.call(
                fixture.create, tenant.as("admin", "POST", "/v1/users").json(body));
        assertEquals("member", first.json().path("role").asText());
        assertTrue(again.isProblem(409), again::toString);
    }

    @Test
    void add_answers400_namingTheFields() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult bad = ApiResult.call(
                fixture.create,
                tenant.as("admin", "POST", "/v1/users").json("{\"email\": \"not-an-email\", \"role\": \"boss\"}"));
        ApiResult types = ApiResult.call(
                fixture.create, tenant.as("admin", "POST", "/v1/users").json("{\"email\": 1, \"role\": 2}"));
        ApiResult missing = ApiResult.call(
                fixture.create, tenant.as("admin", "POST", "/v1/users").json("{}"));
        assertEquals(List.of("email", "role"), bad.errorFields());
        assertEquals(List.of("email", "role"), types.errorFields());
        assertEquals(List.of("email"), missing.errorFields());
    }

    @Test
    void anAdmin_cannotMakeAnOwner_butAnOwnerCan() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult byAdmin = ApiResult.call(
                fixture.create,
                tenant.as("admin", "POST", "/v1/users").json("{\"email\": \"o1@example.test\", \"role\": \"owner\"}"));
        assertTrue(byAdmin.isProblem(403), byAdmin::toString);

        String member = fixture.addMember(tenant, "member");
        assertTrue(patchRole(tenant, "admin", member, "owner").isProblem(403));
        assertEquals(200, patchRole(tenant, "owner", member, "owner").status());
        assertEquals("owner", read(tenant, member).json().path("role").asText());
    }

    @Test
    void anAdmin_cannotDemoteOrRemoveAnOwner() {
        SeededTenant tenant = fixture.newTenant();
        assertTrue(
                patchRole(tenant, "admin", tenant.userId(Role.OWNER), "viewer").isProblem(403));
        assertTrue(ApiResult.call(fixture.delete, fixture.onUser(tenant, "admin", "DELETE", tenant.userId(Role.OWNER)))
                .isProblem(403));
        assertEquals(
                "owner",
                read(tenant, tenant.userId(Role.OWNER)).json().path("role").asText());
    }

    @Test
    void theLastOwner_canBeNeitherDemotedNorRemoved() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult demote = patchRole(tenant, "owner", tenant.userId(Role.OWNER), "admin");
        ApiResult remove =
                ApiResult.call(fixture.delete, fixture.onUser(tenant, "owner", "DELETE", tenant.userId(Role.OWNER)));
        assertTrue(demote.isProblem(409), demote::toString);
        assertTrue(remove.isProblem(409), remove::toString);
        assertEquals(
                "owner",
                read(tenant, tenant.userId(Role.OWNER)).json().path("role").asText());

        String second = fixture.addMember(tenant, "owner");
        assertEquals(
                200,
                patchRole(tenant, "owner", tenant.userId(Role.OWNER), "admin").status());
        assertTrue(patchRole(tenant, "owner", second, "viewer").isProblem(409));
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnce_leaveOneOwner() throws Exception {
        SeededTenant tenant = fixture.newTenant();
        String second = fixture.addMember(tenant, "owner");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<ApiResult>> calls = List.of(
                    () -> patchRole(tenant, "owner", tenant.userId(Role.OWNER), "admin"),
                    () -> patchRole(tenant, "owner", second, "admin"));
            List<ApiResult> results = new ArrayList<>();
            for (Future<ApiResult> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            long owners = ApiResult.call(fixture.list, tenant.as("viewer", "GET", "/v1/users"))
                    .json()
                    .findValuesAsText("role")
                    .stream()
                    .filter("owner"::equals)
                    .count();
            assertEquals(1, owners, results::toString);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void patch_withAStaleIfMatch_answers412() {
        SeededTenant tenant = fixture.newTenant();
        String member = fixture.addMember(tenant, "viewer");
        assertEquals(200, patchRole(tenant, "admin", member, "member").status());
        ApiResult stale = ApiResult.call(
                fixture.update,
                fixture.onUser(tenant, "admin", "PATCH", member)
                        .header("If-Match", "\"1\"")
                        .json("{\"role\": \"admin\"}"));
        assertTrue(stale.isProblem(412), stale::toString);
        assertEquals("member", read(tenant, member).json().path("role").asText());
        assertEquals("\"2\"", read(tenant, member).header("ETag"));
    }

    @Test
    void patch_answers400_forAMissingOrBadRole() {
        SeededTenant tenant = fixture.newTenant();
        String member = fixture.addMember(tenant, "viewer");
        ApiResult missing = ApiResult.call(
                fixture.update, fixture.onUser(tenant, "admin", "PATCH", member).json("{}"));
        ApiResult bad = ApiResult.call(
                fixture.update, fixture.onUser(tenant, "admin", "PATCH", member).json("{\"role\": 3}"));
        assertEquals(List.of("role"), missing.errorFields());
        assertEquals(List.of("role"), bad.errorFields());
    }

    @Test
    void delete_removesTheMember_andTheirMembership() {
        SeededTenant tenant = fixture.newTenant();
        String member = fixture.addMember(tenant, "member");
        ApiResult removed = ApiResult.call(fixture.delete, fixture.onUser(tenant, "admin", "DELETE", member));
        assertEquals(204, removed.status(), removed::toString);
        assertTrue(read(tenant, member).isProblem(404));
        assertTrue(
                fixture.context.getBean(UserDirectory.class).memberships(member).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"member", "viewer"})
    void writes_needAnAdmin(String role) {
        SeededTenant tenant = fixture.newTenant();
        String member = fixture.addMember(tenant, "viewer");
        assertTrue(ApiResult.call(
                        fixture.create, tenant.as(role, "POST", "/v1/users").json("{\"email\": \"x@example.test\"}"))
                .isProblem(403));
        assertTrue(patchRole(tenant, role, member, "member").isProblem(403));
        assertTrue(ApiResult.call(fixture.delete, fixture.onUser(tenant, role, "DELETE", member))
                .isProblem(403));
        assertEquals(
                tenant.memberIds().size() + 1,
                ApiResult.call(fixture.list, tenant.as(role, "GET", "/v1/users"))
                        .json()
                        .path("items")
                        .size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PATCH", "DELETE"})
    void anotherTenantsToken_gets404_andChangesNothing(String method) {
        SeededTenant mine = fixture.newTenant();
        SeededTenant theirs = fixture.newTenant();
        String member = fixture.addMember(mine, "member");
        var event = fixture.onUser(theirs, "owner", method, member);
        if (method.equals("PATCH")) {
            event.json("{\"role\": \"viewer\"}");
        }
        ApiResult result = ApiResult.call(
                switch (method) {
                    case "GET" -> fixture.get;
                    case "PATCH" -> fixture.update;
                    default -> fixture.delete;
                },
                event);
        assertTrue(result.isProblem(404), result::toString);
        assertEquals("member", read(mine, member).json().path("role").asText());
        assertEquals(1, read(mine, member).json().path("version").asLong());
        Set<String> theirMembers =
                ApiResult.call(fixture.list, theirs.as("viewer", "GET", "/v1/users"))
                        .json()
                        .findValuesAsText("userId")
                        .stream()
                        .collect(Collectors.toSet());
        assertEquals(theirs.memberIds(), theirMembers);
    }

    @Test
    void addingToATenantThatDoesNotExist_answers404_andWritesNothing() {
        var event = io.tenantry.local.testkit.ApiEvent.of("POST", "/v1/users")
                .member("s", "s@example.test", "ten_01JD3Q5R7C0000000000000097", "owner")
                .json("{\"email\": \"ghost-" + java.util.UUID.randomUUID() + "@example.test\"}");
        assertTrue(ApiResult.call(fixture.create, event).isProblem(404));
    }

    @Test
    void pages_walkEveryMember_withoutRepeats_andCursorsAreBoundToTheTenant() {
        SeededTenant tenant = fixture.newTenant();
        for (int i = 0; i < 4; i++) {
            fixture.addMember(tenant, "viewer");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var event = tenant.as("viewer", "GET", "/v1/users").query("limit", "2");
            if (cursor != null) {
                event.query("cursor", cursor);
            }
            ApiResult page = ApiResult.call(fixture.list, event);
            page.json().path("items").forEach(m -> seen.add(m.path("userId").asText()));
            cursor = page.json().path("nextCursor").isNull()
                    ? null
                    : page.json().path("nextCursor").asText();
            if (cursor != null) {
                SeededTenant other = fixture.newTenant();
                ApiResult foreign = ApiResult.call(
                        fixture.list, other.as("viewer", "GET", "/v1/users").query("cursor", cursor));
                assertTrue(foreign.isProblem(400), foreign::toString);
            }
        } while (cursor != null);
        assertEquals(tenant.memberIds().size() + 4, seen.size());
        assertEquals(tenant.memberIds().size() + 4, Set.copyOf(seen).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "usr_short", "ten_01JD3Q5R7C0000000000000001"})
    void malformedIds_answer404(String id) {
        assertTrue(read(fixture.newTenant(), id).isProblem(404));
    }
}
