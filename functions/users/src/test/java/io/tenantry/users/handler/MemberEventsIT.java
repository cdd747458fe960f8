package io.tenantry.users.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.OutboxEvents;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adding and removing a member publish {@code member.added} and {@code member.removed} for the tenant's webhooks,
 * with the member as data, in the change's own transaction (the outbox); a refused add publishes nothing.
 */
@EmulatedAws
class MemberEventsIT {
    static UsersFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        fixture = new UsersFixture(environment);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static List<JsonNode> eventsOf(SeededTenant tenant) {
        return OutboxEvents.webhookEvents(fixture.context, tenant.tenantId());
    }

    @Test
    void addingAndRemovingAMember_publishTheirEvents_andARefusedAddPublishesNothing() throws Exception {
        SeededTenant tenant = fixture.newTenant();
        String body = "{\"email\": \"owner-" + UUID.randomUUID() + "@example.test\", \"role\": \"owner\"}";
        assertEquals(
                403,
                ApiResult.call(
                                fixture.create,
                                tenant.as("admin", "POST", "/v1/users").json(body))
                        .status());
        assertEquals(List.of(), eventsOf(tenant));

        String userId = fixture.addMember(tenant, "member");
        List<JsonNode> added = eventsOf(tenant);
        assertEquals(1, added.size(), added::toString);
        assertEquals("member.added", added.getFirst().path("type").asText());
        assertEquals(userId, added.getFirst().path("data").path("userId").asText());
        ApiResult stored = ApiResult.call(fixture.get, fixture.onUser(tenant, "owner", "GET", userId));
        assertEquals(stored.json(), added.getFirst().path("data"), "the event says what was written");

        ApiResult removed = ApiResult.call(fixture.delete, fixture.onUser(tenant, "owner", "DELETE", userId));
        assertEquals(204, removed.status(), removed::toString);
        List<JsonNode> all = eventsOf(tenant);
        assertEquals(2, all.size(), all::toString);
        assertEquals("member.removed", all.getLast().path("type").asText());
        assertEquals(userId, all.getLast().path("data").path("userId").asText());
    }
}
