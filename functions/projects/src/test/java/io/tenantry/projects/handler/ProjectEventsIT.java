package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.OutboxEvents;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creating, updating and deleting a project write {@code project.created}, {@code project.updated} and {@code
 * project.deleted} in the change's own transaction (the outbox), saying what the answer says; a refused change (a
 * stale If-Match, another tenant's project) writes none.
 */
@EmulatedAws
class ProjectEventsIT {
    static ProjectsFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new ProjectsFixture(aws);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static List<JsonNode> eventsOf(SeededTenant tenant) {
        return OutboxEvents.webhookEvents(fixture.context, tenant.tenantId());
    }

    @Test
    void eachChange_writesItsEvent_withTheAnswersData_andARefusedOneWritesNone() {
        SeededTenant tenant = fixture.newTenant();
        SeededTenant other = fixture.newTenant();

        ApiResult created = ApiResult.call(
                fixture.create, tenant.as("member", "POST", "/v1/projects").json("{\"name\": \"Site\"}"));
        assertEquals(201, created.status(), created::toString);
        String id = created.json().path("id").asText();
        List<JsonNode> events = eventsOf(tenant);
        assertEquals(1, events.size(), events::toString);
        assertEquals("project.created", events.getFirst().path("type").asText());
        assertEquals(tenant.tenantId(), events.getFirst().path("tenantId").asText());
        assertEquals(created.json(), events.getFirst().path("data"));

        ApiResult stale = ApiResult.call(
                fixture.update,
                fixture.onProject(tenant, "member", "PATCH", id)
                        .header("If-Match", "\"7\"")
                        .json("{\"name\": \"Stale\"}"));
        assertEquals(412, stale.status(), stale::toString);
        ApiResult foreign = ApiResult.call(
                fixture.update, fixture.onProject(other, "member", "PATCH", id).json("{\"name\": \"Theirs\"}"));
        assertEquals(404, foreign.status(), foreign::toString);
        assertEquals(1, eventsOf(tenant).size(), "no change, no event");
        assertEquals(List.of(), eventsOf(other));

        ApiResult updated = ApiResult.call(
                fixture.update,
                fixture.onProject(tenant, "member", "PATCH", id)
                        .header("If-Match", "\"1\"")
                        .json("{\"name\": \"Site 2\", \"description\": \"new\"}"));
        assertEquals(200, updated.status(), updated::toString);
        events = eventsOf(tenant);
        assertEquals(2, events.size(), events::toString);
        assertEquals("project.updated", events.getLast().path("type").asText());
        assertEquals(updated.json(), events.getLast().path("data"), "the event says what was written");

        ApiResult deleted = ApiResult.call(fixture.delete, fixture.onProject(tenant, "member", "DELETE", id));
        assertEquals(204, deleted.status(), deleted::toString);
        events = eventsOf(tenant);
        assertEquals(3, events.size(), events::toString);
        assertEquals("project.deleted", events.getLast().path("type").asText());
        assertEquals(id, events.getLast().path("data").path("id").asText());
    }
}
