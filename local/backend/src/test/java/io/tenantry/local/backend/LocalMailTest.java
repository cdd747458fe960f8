package io.tenantry.local.backend;

import static io.tenantry.local.backend.GatewayTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * {@code GET /local/mail} over real HTTP: an email sent with the SDK's {@link SesV2Client} to the {@code ses}
 * endpoint that {@code GET /local/endpoints} lists is listed for its recipient, and for no one else; a {@code to}
 * that is not an address answers 400 naming it, beside the same call with an address answering 200.
 */
class LocalMailTest {
    private static String api;
    private static SesV2Client ses;

    @BeforeAll
    static void start() {
        api = TestBackends.repository().api();
        JsonNode endpoints = Http.get(api + "/local/endpoints").json();
        ses = SesV2Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(endpoints.path("region").asText()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        endpoints.path("credentials").path("accessKeyId").asText(),
                        endpoints.path("credentials").path("secretAccessKey").asText())))
                .endpointOverride(URI.create(endpoints.path("ses").asText()))
                .build();
    }

    @AfterAll
    static void stop() {
        ses.close();
    }

    @Test
    void endpoints_listSesBesideTheOtherServices() {
        JsonNode endpoints = Http.get(api + "/local/endpoints").json();

        for (String service : new String[] {"dynamodb", "sqs", "s3", "sts", "secretsmanager", "ses"}) {
            assertTrue(endpoints.path(service).asText().startsWith("http://127.0.0.1:"), endpoints::toString);
        }
    }

    @Test
    void sentEmail_isListedForItsRecipient_andNotForAnother() {
        String grace = unique("grace");
        Instant before = Instant.now().minus(Duration.ofSeconds(1));
        String messageId = ses.sendEmail(r -> r.fromEmailAddress("Tenantry <no-reply@example.com>")
                        .destination(d -> d.toAddresses(grace))
                        .content(c -> c.simple(m -> m.subject(s -> s.data("You are invited to Acme"))
                                .body(b -> b.text(t -> t.data("Sign in to join Acme."))
                                        .html(h -> h.data("<p>Sign in to join <b>Acme</b>.</p>"))))))
                .messageId();

        Http.Answer mine = mail(grace);
        assertEquals(200, mine.status(), mine::toString);
        assertTrue(mine.header("Content-Type").startsWith("application/json"), mine::toString);
        JsonNode messages = mine.json().path("messages");
        assertEquals(1, messages.size(), mine::toString);
        JsonNode message = messages.get(0);
        assertEquals(grace, message.path("to").asText());
        assertEquals("Tenantry <no-reply@example.com>", message.path("from").asText());
        assertEquals("You are invited to Acme", message.path("subject").asText());
        assertEquals("Sign in to join Acme.", message.path("text").asText());
        assertEquals("<p>Sign in to join <b>Acme</b>.</p>", message.path("html").asText());
        assertEquals(messageId, message.path("messageId").asText());
        String sentAt = message.path("sentAt").asText();
        assertTrue(sentAt.endsWith("Z"), "ISO-8601 in UTC: " + sentAt);
        assertFalse(Instant.parse(sentAt).isBefore(before), sentAt);

        Http.Answer another = mail(unique("other"));
        assertEquals(200, another.status(), another::toString);
        assertEquals(0, another.json().path("messages").size(), another::toString);

        boolean listedForAll = false;
        for (JsonNode any : Http.get(api + "/local/mail").json().path("messages")) {
            listedForAll |= any.path("to").asText().equals(grace);
        }
        assertTrue(listedForAll, "without ?to every recipient's messages are listed");
    }

    @Test
    void aToThatIsNotAnAddress_answers400NamingTo_andAnAddress200() {
        String tooLong = "a".repeat(64) + "@" + "b".repeat(190) + ".test";
        for (String bad : new String[] {"not-an-address", "", tooLong}) {
            Http.Answer refused = mail(bad);
            assertProblem(refused, 400);
            assertEquals(
                    "to", refused.json().path("errors").get(0).path("field").asText(), refused::toString);
        }

        assertEquals(200, mail(unique("fine")).status());
    }

    @Test
    void localMail_answersOnlyGet() {
        assertProblem(Http.send("POST", api + "/local/mail", Map.of(), new byte[0]), 405);
        assertEquals(200, Http.get(api + "/local/mail").status());
    }

    private static Http.Answer mail(String to) {
        return Http.get(api + "/local/mail?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID() + "@example.com";
    }
}
