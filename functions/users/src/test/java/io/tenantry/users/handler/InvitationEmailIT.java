package io.tenantry.users.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.OutboxEvents;
import io.tenantry.shared.testing.Queues;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inviting asks the email worker for the invitation, through the outbox to the email queue, for exactly the invitation
 * written (its member and expiry); sending it again asks for the new one. A refused invitation asks for nothing.
 */
@EmulatedAws
class InvitationEmailIT {
    static UsersFixture fixture;
    static AwsEnvironment aws;
    static String emailQueue;
    static final List<JsonNode> seen = new ArrayList<>();

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        fixture = new UsersFixture(aws);
        emailQueue = aws.resources().queueUrl("EmailQueue");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /**
     * The requests on the email queue for {@code userId}, once the outbox is relayed, waiting up to 10 s for {@code
     * count}.
     */
    static List<JsonNode> requestsFor(String userId, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            OutboxEvents.relay(aws);
            for (var message : Queues.takeAll(aws, emailQueue)) {
                seen.add(new ObjectMapper().readTree(message.body()));
            }
            List<JsonNode> mine = seen.stream()
                    .filter(r -> userId.equals(r.path("userId").asText()))
                    .toList();
            if (mine.size() >= count || Instant.now().isAfter(deadline)) {
                return mine;
            }
            Thread.sleep(250);
        }
    }

    @Test
    void anInvitation_asksForItsEmail_andSendingItAgainAsksForTheNewOne() throws Exception {
        SeededTenant tenant = fixture.newTenant();
        String userId = fixture.addMember(tenant, "member");
        String expiresAt = ApiResult.call(fixture.get, fixture.onUser(tenant, "owner", "GET", userId))
                .json()
                .path("invitationExpiresAt")
                .asText();

        List<JsonNode> asked = requestsFor(userId, 1);
        assertEquals(1, asked.size(), asked::toString);
        assertEquals("invitation", asked.getFirst().path("kind").asText());
        assertEquals(tenant.tenantId(), asked.getFirst().path("tenantId").asText());
        assertEquals(
                Instant.parse(expiresAt),
                Instant.parse(asked.getFirst().path("expiresAt").asText()));

        ApiResult resent = ApiResult.call(
                fixture.resend,
                tenant.as("owner", "POST", "/v1/users/" + userId + "/invitation")
                        .route("POST /v1/users/{userId}/invitation")
                        .pathParameter("userId", userId));
        assertEquals(202, resent.status(), resent::toString);
        List<JsonNode> again = requestsFor(userId, 2);
        assertEquals(2, again.size(), again::toString);
        assertTrue(Instant.parse(again.get(1).path("expiresAt").asText())
                .isAfter(Instant.parse(again.get(0).path("expiresAt").asText())));
    }

    @Test
    void anInvitationRefusedForItsRole_asksForNothing_andTheOwnersSameInvitationDoes() throws Exception {
        SeededTenant tenant = fixture.newTenant();
        String address = "owner-to-be-" + UUID.randomUUID() + "@example.test";
        String body = "{\"email\": \"" + address + "\", \"role\": \"owner\"}";

        ApiResult refused = ApiResult.call(
                fixture.create, tenant.as("admin", "POST", "/v1/users").json(body));
        assertEquals(403, refused.status(), refused::toString);
        OutboxEvents.relay(aws);
        for (var message : Queues.takeAll(aws, emailQueue)) {
            seen.add(new ObjectMapper().readTree(message.body()));
        }
        long before = seen.stream()
                .filter(r -> tenant.tenantId().equals(r.path("tenantId").asText()))
                .count();
        assertEquals(0, before);

        ApiResult added = ApiResult.call(
                fixture.create, tenant.as("owner", "POST", "/v1/users").json(body));
        assertEquals(201, added.status(), added::toString);
        assertEquals(1, requestsFor(added.json().path("userId").asText(), 1).size());
    }
}
