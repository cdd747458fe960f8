package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ProjectRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit trail through the whole local backend: every write lists with its actor, resource and request id,
 * newest first; the operator's plan change has no actor; filters narrow it; another tenant's admin sees none of it,
 * and a member below admin is refused where the admin reads.
 */
class AuditTrailTest {
    private static TestBackends.Running backend;
    private static String api;

    @BeforeAll
    static void start() {
        backend =
                TestBackends.start(TestBackends.options(ProjectRoot.template()).build());
        api = backend.api();
    }

    @AfterAll
    static void stop() {
        backend.backend().close();
    }

    record Signed(String tenantId, Map<String, String> auth) {}

    static Signed tenantOf(String owner) {
        Http.Answer tenant =
                Http.post(api + "/v1/tenants", "{\"name\":\"Audited\"}", Http.bearer(Http.token(backend, owner, null)));
        assertEquals(201, tenant.status(), tenant::toString);
        String id = tenant.json().path("id").asText();
        return new Signed(id, Http.bearer(Http.token(backend, owner, id)));
    }

    static List<JsonNode> events(Map<String, String> auth, String query) {
        Http.Answer page = Http.get(api + "/v1/audit-events" + query, auth);
        assertEquals(200, page.status(), page::toString);
        List<JsonNode> items = new ArrayList<>();
        page.json().path("items").forEach(items::add);
        return items;
    }

    @Test
    void everyWrite_isListedWithItsActor_newestFirst_andFiltersNarrowIt() {
        String owner = "audit-" + UUID.randomUUID() + "@example.test";
        Signed tenant = tenantOf(owner);
        String ownerId =
                Http.get(api + "/v1/me", tenant.auth()).json().path("userId").asText();

        Http.Answer project = Http.post(api + "/v1/projects", "{\"name\":\"Audited project\"}", tenant.auth());
        assertEquals(201, project.status(), project::toString);
        String projectId = project.json().path("id").asText();
        Http.Answer renamed = Http.send(
                "PATCH",
                api + "/v1/projects/" + projectId,
                Map.of("Authorization", tenant.auth().get("Authorization"), "Content-Type", "application/json"),
                "{\"name\":\"Renamed\"}".getBytes());
        assertEquals(200, renamed.status(), renamed::toString);
        Http.Answer refused = Http.post(api + "/v1/projects", "{\"name\":\"\"}", tenant.auth());
        assertEquals(400, refused.status(), refused::toString);
        Http.Answer plan = Http.post(
                backend.lambda() + "/2015-03-31/functions/ChangeTenantPlanFunction/invocations",
                "{\"tenantId\":\"" + tenant.tenantId() + "\",\"plan\":\"pro\"}",
                Map.of());
        assertEquals(200, plan.status(), plan::toString);

        List<JsonNode> all = events(tenant.auth(), "");
        List<String> actions = all.stream().map(e -> e.path("action").asText()).toList();
        assertEquals(List.of("tenant.plan_changed", "project.updated", "project.created"), actions, all::toString);
        JsonNode created = all.get(2);
        assertEquals(ownerId, created.path("actorUserId").asText());
        assertEquals("project", created.path("resource").path("type").asText());
        assertEquals(projectId, created.path("resource").path("id").asText());
        assertEquals(project.header("X-Request-Id"), created.path("requestId").asText());
        assertEquals(List.of("name"), List.of(all.get(1).path("changes").get(0).asText()));
        assertTrue(all.get(0).path("actorUserId").isNull(), all.get(0)::toString);

        assertEquals(1, events(tenant.auth(), "?action=project.created").size());
        assertEquals(2, events(tenant.auth(), "?actorUserId=" + ownerId).size());
        Http.Answer badFilter = Http.get(api + "/v1/audit-events?action=DROP%20TABLE", tenant.auth());
        assertEquals(400, badFilter.status(), badFilter::toString);
        assertEquals(
                "action", badFilter.json().path("errors").get(0).path("field").asText());
    }

    @Test
    void anotherTenantsAdmin_seesNoneOfIt_andAMemberIsRefusedWhereTheAdminReads() {
        Signed mine = tenantOf("audit-mine-" + UUID.randomUUID() + "@example.test");
        Signed theirs = tenantOf("audit-theirs-" + UUID.randomUUID() + "@example.test");
        assertEquals(
                201,
                Http.post(api + "/v1/projects", "{\"name\":\"Mine\"}", mine.auth())
                        .status());

        assertEquals(0, events(theirs.auth(), "").size());
        assertEquals(1, events(mine.auth(), "").size());

        String member = "audit-member-" + UUID.randomUUID() + "@example.test";
        Http.Answer invited =
                Http.post(api + "/v1/users", "{\"email\":\"" + member + "\",\"role\":\"member\"}", mine.auth());
        assertEquals(201, invited.status(), invited::toString);
        Map<String, String> memberAuth = Http.bearer(Http.token(backend, member, mine.tenantId()));
        assertEquals(403, Http.get(api + "/v1/audit-events", memberAuth).status());
        assertEquals(
                "member.added", events(mine.auth(), "").get(0).path("action").asText());
    }
}
