package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@EmulatedAws
class ProjectHandlersIT {
    static ProjectsFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new ProjectsFixture(aws);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static ApiResult read(SeededTenant tenant, String projectId) {
        return ApiResult.call(fixture.get, fixture.onProject(tenant, "viewer", "GET", projectId));
    }

    @Test
    void create_returns201_withLocationAndETag_andGetReadsItBack() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult created = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/projects").json("{\"name\": \"Site\", \"description\": \"Spring\"}"));

        assertEquals(201, created.status(), created::toString);
        String id = created.json().path("id").asText();
        assertTrue(id.matches("prj_[0-9A-Z]{26}"), id);
        assertEquals("/v1/projects/" + id, created.header("Location"));
        assertEquals("\"1\"", created.header("ETag"));
        assertEquals(created.json().path("createdAt"), created.json().path("updatedAt"));

        ApiResult read = read(tenant, id);
        assertEquals(200, read.status(), read::toString);
        assertEquals("Spring", read.json().path("description").asText());
        assertEquals("\"1\"", read.header("ETag"));
    }

    @Test
    void create_withoutDescription_showsNull() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Bare");
        assertTrue(read(tenant, id).json().path("description").isNull());
    }

    @Test
    void create_answers400_namingEveryBadField() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult result = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/projects")
                        .json("{\"name\": \"\", \"description\": \"" + "d".repeat(4001) + "\"}"));
        assertTrue(result.isProblem(400), result::toString);
        assertEquals(List.of("name", "description"), result.errorFields());

        ApiResult wrongTypes = ApiResult.call(
                fixture.create, tenant.as("member", "POST", "/v1/projects").json("{\"name\": [], \"description\": 3}"));
        assertEquals(List.of("name", "description"), wrongTypes.errorFields());
    }

    @Test
    void create_answers400_forAFieldNamedTwice_andCreatesNothing() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult twice = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/projects").json("{\"name\": \"Shown\", \"name\": \"Stored\"}"));
        assertTrue(twice.isProblem(400), twice::toString);
        assertEquals(List.of("name"), twice.errorFields());
        assertEquals(
                0,
                ApiResult.call(fixture.list, tenant.as("viewer", "GET", "/v1/projects"))
                        .json()
                        .path("items")
                        .size());

        ApiResult once = ApiResult.call(
                fixture.create, tenant.as("member", "POST", "/v1/projects").json("{\"name\": \"Stored\"}"));
        assertEquals(201, once.status(), once::toString);
    }

    @Test
    void create_isForMembers_andViewersGet403() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult result = ApiResult.call(
                fixture.create, tenant.as("viewer", "POST", "/v1/projects").json("{\"name\": \"X\"}"));
        assertTrue(result.isProblem(403), result::toString);
        ApiResult page = ApiResult.call(fixture.list, tenant.as("viewer", "GET", "/v1/projects"));
        assertEquals(0, page.json().path("items").size());
    }

    @Test
    void create_withAnIdempotencyKey_replays_and409sOnAnotherBody() {
        SeededTenant tenant = fixture.newTenant();
        var first = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/projects")
                        .header("Idempotency-Key", "k1")
                        .json("{\"name\": \"A\"}"));
        var again = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/projects")
                        .header("Idempotency-Key", "k1")
                        .json("{\"name\": \"A\"}"));
        var other = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/projects")
                        .header("Idempotency-Key", "k1")
                        .json("{\"name\": \"B\"}"));
        assertEquals(first.body(), again.body());
        assertEquals(201, again.status());
        assertTrue(other.isProblem(409), other::toString);
        assertEquals(
                1,
                ApiResult.call(fixture.list, tenant.as("viewer", "GET", "/v1/projects"))
                        .json()
                        .path("items")
                        .size());
    }

    @Test
    void patch_changesFields_clearsTheDescriptionWithNull_andHonoursIfMatch() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Before");

        ApiResult renamed = ApiResult.call(
                fixture.update,
                fixture.onProject(tenant, "member", "PATCH", id)
                        .header("If-Match", "\"1\"")
                        .json("{\"name\": \"After\", \"description\": \"d\"}"));
        ApiResult stale = ApiResult.call(
                fixture.update,
                fixture.onProject(tenant, "member", "PATCH", id)
                        .header("If-Match", "\"1\"")
                        .json("{\"name\": \"Lost\"}"));
        ApiResult cleared = ApiResult.call(
                fixture.update, fixture.onProject(tenant, "member", "PATCH", id).json("{\"description\": null}"));

        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("\"2\"", renamed.header("ETag"));
        assertTrue(stale.isProblem(412), stale::toString);
        assertEquals(200, cleared.status(), cleared::toString);
        ApiResult now = read(tenant, id);
        assertEquals("After", now.json().path("name").asText());
        assertTrue(now.json().path("description").isNull());
        assertEquals(3, now.json().path("version").asLong());
    }

    @Test
    void patch_answers400_413_415_andChangesNothing() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Keep");
        ApiResult badType = ApiResult.call(
                fixture.update, fixture.onProject(tenant, "member", "PATCH", id).json("{\"name\": 7}"));
        ApiResult huge = ApiResult.call(
                fixture.update,
                fixture.onProject(tenant, "member", "PATCH", id).json("{\"name\": \"" + "n".repeat(270_000) + "\"}"));
        ApiResult text = ApiResult.call(
                fixture.update, fixture.onProject(tenant, "member", "PATCH", id).binary("text/plain", "x".getBytes()));

        assertEquals(List.of("name"), badType.errorFields());
        assertTrue(huge.isProblem(413), huge::toString);
        assertTrue(text.isProblem(415), text::toString);
        assertEquals(1, read(tenant, id).json().path("version").asLong());
    }

    @Test
    void delete_honoursIfMatch_thenAnswers204_and404Afterwards() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Doomed");
        ApiResult stale = ApiResult.call(
                fixture.delete,
                fixture.onProject(tenant, "member", "DELETE", id).header("If-Match", "\"9\""));
        ApiResult deleted = ApiResult.call(
                fixture.delete,
                fixture.onProject(tenant, "member", "DELETE", id).header("If-Match", "\"1\""));
        ApiResult again = ApiResult.call(fixture.delete, fixture.onProject(tenant, "member", "DELETE", id));

        assertTrue(stale.isProblem(412), stale::toString);
        assertEquals(204, deleted.status(), deleted::toString);
        assertTrue(again.isProblem(404), again::toString);
        assertTrue(read(tenant, id).isProblem(404));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PATCH", "DELETE"})
    void anotherTenantsToken_gets404_andChangesNothing(String method) {
        SeededTenant owner = fixture.newTenant();
        SeededTenant intruder = fixture.newTenant();
        String id = fixture.createProject(owner, "Private");

        var event = fixture.onProject(intruder, "owner", method, id);
        if (method.equals("PATCH")) {
            event.json("{\"name\": \"Stolen\"}");
        }
        ApiResult result = ApiResult.call(
                switch (method) {
                    case "GET" -> fixture.get;
                    case "PATCH" -> fixture.update;
                    default -> fixture.delete;
                },
                event);

        assertTrue(result.isProblem(404), result::toString);
        ApiResult mine = read(owner, id);
        assertEquals("Private", mine.json().path("name").asText());
        assertEquals(1, mine.json().path("version").asLong());
        assertEquals(
                0,
                ApiResult.call(fixture.list, intruder.as("viewer", "GET", "/v1/projects"))
                        .json()
                        .path("items")
                        .size());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"nope", "prj_", "prj_01JD3Q5R7C00000000000000000", "../TENANT", "prj_01jd3q5r7c0000000000000002"
            })
    void malformedIds_answer404(String id) {
        SeededTenant tenant = fixture.newTenant();
        assertTrue(read(tenant, id).isProblem(404));
    }

    @Test
    void everyRoute_answers401_withoutAToken_and403_withoutATenant() {
        SeededTenant tenant = fixture.newTenant();
        var anonymous = io.tenantry.local.testkit.ApiEvent.of("GET", "/v1/projects");
        var noTenant =
                io.tenantry.local.testkit.ApiEvent.of("GET", "/v1/projects").user("s", "s@example.test");
        assertTrue(ApiResult.call(fixture.list, anonymous).isProblem(401));
        assertTrue(ApiResult.call(fixture.list, noTenant).isProblem(403));
        assertTrue(ApiResult.call(
                        fixture.create,
                        io.tenantry.local.testkit.ApiEvent.of("POST", "/v1/projects")
                                .json("{}"))
                .isProblem(401));
        String id = fixture.createProject(tenant, "P");
        var noToken = fixture.onProject(tenant, "owner", "GET", id);
        assertTrue(ApiResult.call(
                        fixture.get,
                        io.tenantry.local.testkit.ApiEvent.of("GET", "/v1/projects/" + id)
                                .pathParameter("projectId", id))
                .isProblem(401));
        assertEquals(200, ApiResult.call(fixture.get, noToken).status());
    }

    @Test
    void aTenantOverItsPlanRate_gets429WithRetryAfter_andAnotherTenantDoesNot() {
        SeededTenant noisy = fixture.newTenant();
        SeededTenant quiet = fixture.newTenant();
        // Eight callers at once, for at most 15 s: faster than the plan's rate however slow each call is (a slower
        // emulator, a loaded machine), where one caller making a fixed number of calls could stay under it.
        AtomicReference<ApiResult> limited = new AtomicReference<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
            for (int c = 0; c < 8; c++) {
                callers.submit(() -> {
                    while (limited.get() == null && System.nanoTime() < deadline) {
                        ApiResult r = ApiResult.call(fixture.list, noisy.as("viewer", "GET", "/v1/projects"));
                        if (r.status() == 429) {
                            limited.compareAndSet(null, r);
                        }
                    }
                });
            }
        }
        assertTrue(limited.get() != null && limited.get().isProblem(429), String.valueOf(limited.get()));
        assertTrue(Integer.parseInt(limited.get().header("Retry-After")) >= 1);
        assertEquals(
                200,
                ApiResult.call(fixture.list, quiet.as("viewer", "GET", "/v1/projects"))
                        .status());
    }
}
