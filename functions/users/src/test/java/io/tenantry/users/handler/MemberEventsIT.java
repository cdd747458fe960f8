package io.tenantry.users.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.Queues;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adding and removing a member publish {@code member.added} and {@code member.removed} for the tenant's webhooks,
 * with the member as data; a refused add publishes nothing.
 */
@EmulatedAws
class MemberEventsIT {
    static UsersFixture fixture;
    static AwsEnvironment aws;
    static String eventsQueue;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        fixture = new UsersFixture(aws);
        eventsQueue = aws.resources().queueUrl("WebhookEventsQueue");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static List<JsonNode> eventsOf(SeededTenant tenant) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (var message : Queues.takeAll(aws, eventsQueue)) {
            JsonNode event = new ObjectMapper().readTree(message.body());
            if (tenant.tenantId().equals(event.path("tenantId").asText())) {
                events.add(event);
            }
        }
        return events;
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

        ApiResult removed = ApiResult.call(fixture.delete, fixture.onUser(tenant, "owner", "DELETE", userId));
        assertEquals(204, removed.status(), removed::toString);
        List<JsonNode> gone = eventsOf(tenant);
        assertEquals(1, gone.size(), gone::toString);
        assertEquals("member.removed", gone.getFirst().path("type").asText());
        assertEquals(userId, gone.getFirst().path("data").path("userId").asText());
    }
}
