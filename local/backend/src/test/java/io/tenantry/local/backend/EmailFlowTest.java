package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ProjectRoot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Emails through the whole local backend: the API asks, the queue carries, the worker sends through the SES
 * stand-in, and {@code /local/mail} shows what went out. Each refusal has its twin in the same test.
 */
class EmailFlowTest {
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

    static String unique(String name) {
        return name + "-" + UUID.randomUUID() + "@example.test";
    }

    /** A new tenant owned by {@code owner}; the owner's token for it. */
    static Map<String, String> tenantOf(String owner, String name) {
        Http.Answer tenant = Http.post(
                api + "/v1/tenants", "{\"name\":\"" + name + "\"}", Http.bearer(Http.token(backend, owner, null)));
        assertEquals(201, tenant.status(), tenant::toString);
        return Http.bearer(Http.token(backend, owner, tenant.json().path("id").asText()));
    }

    static JsonNode mailTo(String address) {
        Http.Answer mail = Http.get(api + "/local/mail?to=" + URLEncoder.encode(address, StandardCharsets.UTF_8));
        assertEquals(200, mail.status(), mail::toString);
        return mail.json().path("messages");
    }

    static JsonNode awaitMail(String address, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode messages = mailTo(address);
        while (messages.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            messages = mailTo(address);
        }
        assertEquals(count, messages.size(), messages::toString);
        return messages;
    }

    @Test
    void anInvitedMember_getsTheInvitation_andAnAddressNotInvitedGetsNothing() throws Exception {
        Map<String, String> owner = tenantOf(unique("owner"), "Acme <Labs>");
        String invitee = unique("invitee");
        String bystander = unique("bystander");

        Http.Answer invited =
                Http.post(api + "/v1/users", "{\"email\":\"" + invitee + "\",\"role\":\"member\"}", owner);
        assertEquals(201, invited.status(), invited::toString);

        JsonNode message = awaitMail(invitee, 1).get(0);
        assertEquals(invitee, message.path("to").asText());
        assertTrue(message.path("subject").asText().contains("Acme <Labs>"), message::toString);
        assertTrue(message.path("html").asText().contains("Acme &lt;Labs&gt;"), message::toString);
        assertEquals(0, mailTo(bystander).size());

        // Sent again: a second email, with the new expiry.
        String userId = invited.json().path("userId").asText();
        Http.Answer resent = Http.post(api + "/v1/users/" + userId + "/invitation", "", owner);
        assertEquals(202, resent.status(), resent::toString);
        awaitMail(invitee, 2);
    }

    /**
     * The invitation's email request is written with the member (the outbox), so a queue that fails does not fail
     * the invitation: the member exists at once, no email goes while SQS refuses the relay's sends, and the email goes
     * once SQS is back (the stream hands the record over again).
     */
    @Test
    void whenTheEmailQueueFails_theInvitationIsMadeAnyway_andItsEmailGoesOnceTheQueueIsBack() throws Exception {
        Map<String, String> owner = tenantOf(unique("owner"), "Queue Trouble");
        String invitee = unique("queued");
        String body = "{\"email\":\"" + invitee + "\",\"role\":\"viewer\"}";
        Http.Answer fault = Http.post(
                api + "/local/faults",
                "{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"error\":\"server\"}",
                Map.of());
        assertEquals(201, fault.status(), fault::toString);
        try {
            Http.Answer added = Http.post(api + "/v1/users", body, owner);
            assertEquals(201, added.status(), added::toString);
            JsonNode members = Http.get(api + "/v1/users", owner).json().path("items");
            assertTrue(members.findValuesAsText("email").contains(invitee), members::toString);
            Thread.sleep(1_500); // the relay tries, and SQS refuses every send meanwhile
            assertEquals(0, mailTo(invitee).size(), "nothing is sent while the queue refuses");
        } finally {
            assertEquals(
                    204,
                    Http.send("DELETE", api + "/local/faults", Map.of(), new byte[0])
                            .status());
        }
        awaitMail(invitee, 1);
    }

    @Test
    void aReadyInvoice_isToldToTheOwner() throws Exception {
        String ownerAddress = unique("billing-owner");
        Map<String, String> owner = tenantOf(ownerAddress, "Invoiced Inc");
        String period = YearMonth.now(ZoneOffset.UTC).toString();

        Http.Answer invoice = Http.post(api + "/v1/invoices", "{\"period\":\"" + period + "\"}", owner);
        assertEquals(202, invoice.status(), invoice::toString);

        JsonNode message = awaitMail(ownerAddress, 1).get(0);
        assertTrue(message.path("subject").asText().startsWith("Invoice "), message::toString);
        assertTrue(message.path("text").asText().contains(period), message::toString);
    }
}
