package io.tenantry.shared.example.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The steps of docs/architecture.md "Adding a route" are true: the example route, written as they
 * say, runs through the real handler base ({@code ApiHandler}, {@code ApiRuntime}) on the emulated
 * table, and gets from the base what the page promises — its declared role enforced, its tenant's
 * data out of another tenant's reach, problem+json on bad input.
 */
@EmulatedAws
class ExampleRouteIT {
    static ApplicationContext context;
    static TestTenants tenants;
    static CreateNoteHandler create;
    static GetNoteHandler get;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        // Any tenant route's configuration will do: the example has no template entry of its own.
        context = ApplicationContext.run(aws.micronautProperties("CreateProjectFunction"));
        tenants = new TestTenants(context);
        create = new CreateNoteHandler(context);
        get = new GetNoteHandler(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static ApiEvent createAs(SeededTenant tenant, Role role) {
        return tenant.as(role, "POST", "/v1/notes").route("POST /v1/notes").json("{\"text\": \"Buy milk\"}");
    }

    static ApiEvent getAs(SeededTenant tenant, Role role, String noteId) {
        return tenant.as(role, "GET", "/v1/notes/" + noteId)
                .route("GET /v1/notes/{noteId}")
                .pathParameter("noteId", noteId);
    }

    static String createNote(SeededTenant tenant) {
        ApiResult created = ApiResult.call(create, createAs(tenant, Role.MEMBER));
        assertEquals(201, created.status(), created::toString);
        return created.json().path("id").asText();
    }

    @Test
    void create_refusesAViewer_andAdmitsAMember_onTheSameCall() {
        SeededTenant tenant = tenants.create();

        ApiResult viewer = ApiResult.call(create, createAs(tenant, Role.VIEWER));
        ApiResult member = ApiResult.call(create, createAs(tenant, Role.MEMBER));

        assertTrue(viewer.isProblem(403), viewer::toString);
        assertEquals(201, member.status(), member::toString);
        assertEquals("/v1/notes/" + member.json().path("id").asText(), member.header("Location"));
        assertEquals("\"1\"", member.header("ETag"));
    }

    @Test
    void get_returns404_forAnotherTenantsNote_andTheNoteToItsOwnTenant() {
        SeededTenant owner = tenants.create();
        SeededTenant other = tenants.create();
        String noteId = createNote(owner);

        ApiResult foreign = ApiResult.call(get, getAs(other, Role.OWNER, noteId));
        ApiResult own = ApiResult.call(get, getAs(owner, Role.VIEWER, noteId));

        assertTrue(foreign.isProblem(404), foreign::toString);
        assertEquals(200, own.status(), own::toString);
        assertEquals("Buy milk", own.json().path("text").asText());
    }

    @Test
    void get_refusesAnotherTenantsToken_namingThisTenant() {
        SeededTenant owner = tenants.create();
        SeededTenant other = tenants.create();
        String noteId = createNote(owner);
        var claims = new java.util.HashMap<>(getAs(other, Role.OWNER, noteId).claimsView());
        claims.put("tenant_id", owner.tenantId());

        ApiResult forged = ApiResult.call(get, getAs(other, Role.OWNER, noteId).claims(claims));

        assertTrue(forged.isProblem(403), forged::toString);
        assertEquals(200, ApiResult.call(get, getAs(owner, Role.VIEWER, noteId)).status());
    }

    @Test
    void create_answersProblemJson_forBadInput_andCreatesOnGoodInput() {
        SeededTenant tenant = tenants.create();

        ApiResult empty = ApiResult.call(create, createAs(tenant, Role.MEMBER).json("{\"text\": \"\"}"));
        ApiResult malformed =
                ApiResult.call(create, createAs(tenant, Role.MEMBER).json("{\"text\": "));
        ApiResult good = ApiResult.call(create, createAs(tenant, Role.MEMBER));

        assertTrue(empty.isProblem(400), empty::toString);
        assertEquals(List.of("text"), empty.errorFields());
        assertTrue(malformed.isProblem(400), malformed::toString);
        assertEquals(201, good.status(), good::toString);
    }
}
