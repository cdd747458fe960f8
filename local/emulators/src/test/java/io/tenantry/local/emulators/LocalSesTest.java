package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.iam.PolicyDocument;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The local SES through the SDK's {@link SesV2Client}, as the functions will send: a message is kept once per
 * recipient and read back; a message SES would refuse throws the SDK's {@link BadRequestException} and keeps nothing,
 * each refusal beside its twin that differs by the one field and is kept.
 */
class LocalSesTest {
    private static final String FROM = "Tenantry <no-reply@example.com>";
    private static final String MAILER_ROLE = "arn:aws:iam::000000000000:role/MailerRole";
    private static final String OTHER_ROLE = "arn:aws:iam::000000000000:role/NoMailRole";

    private static LocalSts sts;
    private static LocalSes ses;
    private static SesV2Client client;

    @BeforeAll
    static void start() throws Exception {
        sts = LocalSts.start();
        ses = LocalSes.start(sts::session);
        client = client(AwsBasicCredentials.create("local", "local"));
    }

    @AfterAll
    static void stop() {
        client.close();
        ses.close();
        sts.close();
    }

    @Test
    void sentEmail_isKeptForEachRecipient_withItsSubjectBodiesAndTags() {
        String to = unique("grace");
        String cc = unique("ada");
        String bcc = unique("linus");

        SendEmailResponse sent = client.sendEmail(r -> r.fromEmailAddress(FROM)
                .destination(
                        d -> d.toAddresses("Grace <" + to + ">").ccAddresses(cc).bccAddresses(bcc))
                .content(c -> c.simple(m -> m.subject(s -> s.data("You are invited"))
                        .body(b -> b.text(t -> t.data("Join Acme: https://example.com/join"))
                                .html(h -> h.data("<p>Join <a href=\"https://example.com/join\">Acme</a></p>")))))
                .emailTags(t -> t.name("TenantId").value("ten_01HZX3A7QK2M8N4P6R9S0T1V2W"))
                .configurationSetName("tenantry"));

        List<LocalSes.Mail> toGrace = ses.messages(Optional.of(to.toUpperCase(Locale.ROOT)));
        assertEquals(1, toGrace.size(), "found ignoring case, without the display name");
        LocalSes.Mail mail = toGrace.getFirst();
        assertEquals(sent.messageId(), mail.messageId());
        assertEquals(to, mail.to());
        assertEquals("To", mail.addressedAs());
        assertEquals(FROM, mail.from());
        assertEquals("You are invited", mail.subject());
        assertEquals("Join Acme: https://example.com/join", mail.text());
        assertTrue(mail.html().contains("<a href=\"https://example.com/join\">"));
        assertEquals(Map.of("TenantId", "ten_01HZX3A7QK2M8N4P6R9S0T1V2W"), mail.tags());
        assertEquals("tenantry", mail.configurationSetName());
        assertEquals("Cc", only(cc).addressedAs());
        assertEquals(sent.messageId(), only(cc).messageId());
        assertEquals("Bcc", only(bcc).addressedAs());
    }

    @Test
    void messages_areOldestFirst_andOnlyTheRecipientsWhenAsked() {
        String to = unique("oldest");
        String other = unique("other");
        send(r -> r.destination(d -> d.toAddresses(to)).content(simple("first", "one")));
        send(r -> r.destination(d -> d.toAddresses(other)).content(simple("other", "two")));
        send(r -> r.destination(d -> d.toAddresses(to))
                .content(c -> c.simple(
                        m -> m.subject(s -> s.data("second")).body(b -> b.html(h -> h.data("<b>html only</b>"))))));

        List<LocalSes.Mail> mine = ses.messages(Optional.of(to));
        assertEquals(
                List.of("first", "second"),
                mine.stream().map(LocalSes.Mail::subject).toList());
        assertNull(mine.get(1).text(), "no text part was sent");
        assertFalse(mine.get(0).sentAt().isAfter(mine.get(1).sentAt()));
        List<String> everyone = ses.messages(Optional.empty()).stream()
                .map(LocalSes.Mail::to)
                .filter(address -> address.equals(to) || address.equals(other))
                .toList();
        assertEquals(List.of(to, other, to), everyone);
        assertTrue(ses.messages(Optional.of(unique("nobody"))).isEmpty());
    }

    @Test
    void withoutASender_sesRefuses_andTheSameMessageWithOneIsKept() {
        refusedThenKept(r -> r.fromEmailAddress(null), r -> r.fromEmailAddress(FROM), "FromEmailAddress");
    }

    @Test
    void withoutARecipient_sesRefuses_andTheSameMessageWithOneIsKept() {
        String to = unique("recipient");
        assertRefused(request(r -> r.destination(d -> d.toAddresses(List.of()).ccAddresses(List.of()))), "recipient");
        assertRefused(request(r -> r.destination((Destination) null)), "recipient");
        client.sendEmail(request(r -> r.destination(d -> d.toAddresses(to))));
        assertEquals(1, ses.messages(Optional.of(to)).size());
    }

    @Test
    void withoutASubject_sesRefuses_andTheSameMessageWithOneIsKept() {
        refusedThenKept(
                r -> r.content(c -> c.simple(m -> m.body(b -> b.text(t -> t.data("body"))))),
                r -> r.content(simple("subject", "body")),
                "Subject");
    }

    @Test
    void anIllegalAddress_isRefused_andTheWellFormedOneKept() {
        String name = "bad" + UUID.randomUUID();
        assertRefused(request(r -> r.destination(d -> d.toAddresses(name))), "Illegal address");
        assertRefused(
                request(r -> r.destination(d -> d.toAddresses(name + "@example.com", "two@@example.com"))),
                "Illegal address");
        assertTrue(ses.messages(Optional.of(name + "@example.com")).isEmpty(), "no recipient of a refused message");
        client.sendEmail(request(r -> r.destination(d -> d.toAddresses(name + "@example.com"))));
        assertEquals(1, ses.messages(Optional.of(name + "@example.com")).size());
    }

    @Test
    void moreThanFiftyRecipients_areRefused_andFiftyKept() {
        String prefix = "many" + UUID.randomUUID().toString().substring(0, 8);
        List<String> fifty = IntStream.range(0, 50)
                .mapToObj(i -> prefix + "-" + i + "@example.com")
                .toList();
        List<String> fiftyOne = IntStream.range(0, 51)
                .mapToObj(i -> prefix + "-" + i + "@example.com")
                .toList();
        assertRefused(request(r -> r.destination(d -> d.toAddresses(fiftyOne))), "exceeds 50");
        assertTrue(ses.messages(Optional.of(prefix + "-0@example.com")).isEmpty());
        client.sendEmail(request(r -> r.destination(d -> d.toAddresses(fifty))));
        assertEquals(1, ses.messages(Optional.of(prefix + "-49@example.com")).size());
    }

    @Test
    void rawContent_isRefused_andTheSimpleTwinKept() {
        refusedThenKept(
                r -> r.content(c -> c.raw(raw -> raw.data(SdkBytes.fromUtf8String("Subject: hi\r\n\r\nbody")))),
                r -> r.content(simple("hi", "body")),
                "Content.Raw");
    }

    @Test
    void aTagWithCharactersSesForbids_isRefused_andTheCleanTagKept() {
        refusedThenKept(
                r -> r.emailTags(t -> t.name("Recipient").value("a@example.com")),
                r -> r.emailTags(t -> t.name("Recipient").value("a-example-com")),
                "Invalid tag");
    }

    @Test
    void aSessionWhosePoliciesAllowNoSendEmail_isDenied_andASessionAllowedIt_sends() {
        sts.registerRole(
                MAILER_ROLE,
                List.of(PolicyDocument.parse(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ses:SendEmail\","
                                + "\"Resource\":\"arn:aws:ses:us-east-1:000000000000:identity/example.com\"}]}")));
        sts.registerRole(
                OTHER_ROLE,
                List.of(PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}]}")));
        String to = unique("session");
        SendEmailRequest request = request(r -> r.destination(d -> d.toAddresses(to)));

        try (SesV2Client denied = client(session(OTHER_ROLE));
                SesV2Client allowed = client(session(MAILER_ROLE))) {
            SesV2Exception refusal = assertThrows(SesV2Exception.class, () -> denied.sendEmail(request));
            assertEquals(403, refusal.statusCode());
            assertEquals("AccessDeniedException", refusal.awsErrorDetails().errorCode());
            assertTrue(refusal.getMessage().contains("ses:SendEmail"), refusal::getMessage);
            assertTrue(ses.messages(Optional.of(to)).isEmpty());

            allowed.sendEmail(request);
            assertEquals(1, ses.messages(Optional.of(to)).size());
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The refusal with {@code broken} applied to a good message, then the same message with {@code fixed}. */
    private static void refusedThenKept(
            Consumer<SendEmailRequest.Builder> broken, Consumer<SendEmailRequest.Builder> fixed, String message) {
        String to = unique("twin");
        Consumer<SendEmailRequest.Builder> addressed = r -> r.destination(d -> d.toAddresses(to));
        assertRefused(request(addressed.andThen(broken)), message);
        assertTrue(ses.messages(Optional.of(to)).isEmpty(), "a refused message is not kept");

        SendEmailResponse sent = client.sendEmail(request(addressed.andThen(fixed)));
        assertEquals(sent.messageId(), only(to).messageId());
    }

    private static void assertRefused(SendEmailRequest request, String message) {
        BadRequestException refusal = assertThrows(BadRequestException.class, () -> client.sendEmail(request));
        assertEquals(400, refusal.statusCode());
        assertEquals("BadRequestException", refusal.awsErrorDetails().errorCode());
        assertTrue(refusal.awsErrorDetails().errorMessage().contains(message), refusal::getMessage);
    }

    /** A good message to a fresh recipient, then {@code change}. */
    private static SendEmailRequest request(Consumer<SendEmailRequest.Builder> change) {
        SendEmailRequest.Builder request = SendEmailRequest.builder()
                .fromEmailAddress(FROM)
                .destination(d -> d.toAddresses(unique("default")))
                .content(simple("Hello", "Hello there"));
        change.accept(request);
        return request.build();
    }

    private static void send(Consumer<SendEmailRequest.Builder> change) {
        client.sendEmail(request(change));
    }

    private static Consumer<EmailContent.Builder> simple(String subject, String text) {
        return c -> c.simple(m -> m.subject(s -> s.data(subject)).body(b -> b.text(t -> t.data(text))));
    }

    private static LocalSes.Mail only(String to) {
        List<LocalSes.Mail> messages = ses.messages(Optional.of(to));
        assertEquals(1, messages.size(), () -> "messages to " + to + ": " + messages);
        return messages.getFirst();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID() + "@example.com";
    }

    private static AwsCredentials session(String roleArn) {
        try (StsClient stsClient = StsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(sts.endpoint())
                .build()) {
            Credentials credentials = stsClient
                    .assumeRole(r -> r.roleArn(roleArn).roleSessionName("mailer"))
                    .credentials();
            return AwsSessionCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
        }
    }

    private static SesV2Client client(AwsCredentials credentials) {
        return SesV2Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .endpointOverride(ses.endpoint())
                .build();
    }
}
