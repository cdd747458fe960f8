package io.tenantry.notifications.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.notifications.repository.EmailLog;
import io.tenantry.notifications.repository.MailSettings;
import io.tenantry.notifications.repository.Mailer;
import io.tenantry.notifications.repository.Recipients;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.email.EmailRequest;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.metrics.BusinessMetrics;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.UnusableMessageException;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * The email worker's service against the emulated DynamoDB and SES, through the real SDK: what SES accepted is
 * recorded as it answers. Each refusal has its twin: the rightful email is sent by the same call shape.
 */
@EmulatedAws
class EmailSenderIT {
    static ApplicationContext context;
    static TestTenants tenants;
    static SesV2Client ses;
    static final List<SendEmailRequest> accepted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(AwsEnvironment aws) {
        context = ApplicationContext.run(aws.micronautProperties("EmailQueueFunction"));
        tenants = new TestTenants(context);
        ses = SesV2Client.builder()
                .endpointOverride(aws.endpoints().ses())
                .region(aws.region())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey())))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution done, ExecutionAttributes attributes) {
                        if (done.request() instanceof SendEmailRequest sent) {
                            accepted.add(sent);
                        }
                    }
                }))
                .build();
        MailSettings settings = context.getBean(MailSettings.class);
        try {
            // Emulators that check the sender (moto) want the identity verified; the local stand-in takes any.
            ses.createEmailIdentity(b -> b.emailIdentity(settings.from()));
        } catch (RuntimeException e) {
            // not modelled there: nothing to verify
        }
    }

    @AfterAll
    static void stop() {
        ses.close();
        context.close();
    }

    @BeforeEach
    void forget() {
        accepted.clear();
    }

    static EmailSender sender(int dailyCap) {
        MailSettings own = context.getBean(MailSettings.class);
        MailSettings settings =
                new MailSettings(own.from(), dailyCap, "https://app.example.test/sign-in", "Acme App", "");
        return new EmailSender(
                context.getBean(Recipients.class),
                new EmailTemplates(settings),
                context.getBean(EmailLog.class),
                new Mailer(ses, settings),
                settings,
                context.getBean(BusinessMetrics.class),
                Clock.systemUTC());
    }

    static Delivery fresh() {
        return new Delivery("m-" + Ids.projectId(), 1, System.currentTimeMillis());
    }

    static Delivery sentAgo(Duration age) {
        return new Delivery("m-" + Ids.projectId(), 2, System.currentTimeMillis() - age.toMillis());
    }

    /** Writes an invited member whose invitation expires at {@code expiresAt}; its user id. */
    static String invited(SeededTenant tenant, String email, Instant expiresAt) {
        String userId = Ids.userId();
        TenantAccess access = tenants.ownerAccess(tenant);
        var member = context.getBean(UserDirectory.class).memberItem(access, userId, email, Role.MEMBER, expiresAt);
        context.getBean(DynamoDbClient.class).transactWriteItems(b -> b.transactItems(member));
        return userId;
    }

    static Set<String> recipients() {
        return accepted.stream()
                .flatMap(r -> r.destination().toAddresses().stream())
                .collect(Collectors.toSet());
    }

    static Instant inAWeek() {
        return Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void anInvitation_goesToTheInvitee_once_howeverOftenItsMessageComes() {
        SeededTenant tenant = tenants.create();
        Instant expiresAt = inAWeek();
        String userId = invited(tenant, "new.member@example.test", expiresAt);
        EmailRequest request = EmailRequest.invitation(tenant.tenantId(), userId, expiresAt);

        sender(10).send(request, fresh());
        sender(10).send(request, sentAgo(Duration.ofSeconds(5)));

        assertEquals(1, accepted.size(), accepted::toString);
        SendEmailRequest sent = accepted.getFirst();
        assertEquals(List.of("new.member@example.test"), sent.destination().toAddresses());
        assertTrue(sent.content().simple().subject().data().contains("Acme App"), sent::toString);
        assertTrue(sent.content().simple().body().text().data().contains("https://app.example.test/sign-in"));
    }

    @Test
    void anotherTenantsInvitation_isNotSentInThisTenantsName_andTheRightfulOneIs() {
        SeededTenant mine = tenants.create();
        SeededTenant theirs = tenants.create();
        Instant expiresAt = inAWeek();
        String theirUser = invited(theirs, "theirs@example.test", expiresAt);

        // The message names the other tenant's member under this tenant: no such member here, and the message is
        // old enough that the write cannot still be on its way.
        sender(10).send(EmailRequest.invitation(mine.tenantId(), theirUser, expiresAt), sentAgo(Duration.ofMinutes(5)));
        assertEquals(0, accepted.size(), accepted::toString);

        sender(10).send(EmailRequest.invitation(theirs.tenantId(), theirUser, expiresAt), fresh());
        assertEquals(Set.of("theirs@example.test"), recipients());
    }

    @Test
    void anInvitationNotYetWritten_comesBack_whileYoung_andIsDroppedOnceOld() {
        SeededTenant tenant = tenants.create();
        EmailRequest request = EmailRequest.invitation(tenant.tenantId(), Ids.userId(), inAWeek());

        assertThrows(EmailSender.NotYetException.class, () -> sender(10).send(request, fresh()));
        sender(10).send(request, sentAgo(Duration.ofMinutes(3)));
        assertEquals(0, accepted.size());
    }

    @Test
    void aReplacedInvitation_isNotSent_theCurrentOneIs() {
        SeededTenant tenant = tenants.create();
        Instant current = inAWeek();
        String userId = invited(tenant, "renewed@example.test", current);
        EmailRequest older = EmailRequest.invitation(tenant.tenantId(), userId, current.minus(Duration.ofHours(1)));

        sender(10).send(older, fresh());
        assertEquals(0, accepted.size());

        sender(10).send(EmailRequest.invitation(tenant.tenantId(), userId, current), fresh());
        assertEquals(Set.of("renewed@example.test"), recipients());
    }

    @Test
    void anInvoiceReadyNotice_goesToOwnersAndAdmins_notToMembersOrViewers() {
        SeededTenant tenant = tenants.create();
        sender(10)
                .send(
                        EmailRequest.invoiceReady(tenant.tenantId(), Ids.invoiceId(), "42", "2026-11", 1234, "USD"),
                        fresh());

        assertEquals(Set.of(tenant.email(Role.OWNER), tenant.email(Role.ADMIN)), recipients());
        String text = accepted.getFirst().content().simple().body().text().data();
        assertTrue(text.contains("12.34 USD") && text.contains("2026-11"), text);
    }

    @Test
    void pastTheDailyCap_anEmailIsNotSent_andTheOneWithinItWas() {
        SeededTenant tenant = tenants.create();
        Instant expiresAt = inAWeek();
        String first = invited(tenant, "first@example.test", expiresAt);
        String second = invited(tenant, "second@example.test", expiresAt);

        sender(1).send(EmailRequest.invitation(tenant.tenantId(), first, expiresAt), fresh());
        sender(1).send(EmailRequest.invitation(tenant.tenantId(), second, expiresAt), fresh());

        assertEquals(Set.of("first@example.test"), recipients());
    }

    @Test
    void aTenantNameWithMarkup_isEscapedInTheHtmlPart_andKeptInTheText() {
        SeededTenant tenant = tenants.create();
        context.getBean(DynamoDbClient.class)
                .updateItem(b -> b.tableName(context.getBean(io.tenantry.shared.data.TableSettings.class)
                                .name())
                        .key(java.util.Map.of(
                                "PK",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                        "TENANT#" + tenant.tenantId()),
                                "SK",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("TENANT")))
                        .updateExpression("SET #name = :name")
                        .expressionAttributeNames(java.util.Map.of("#name", "name"))
                        .expressionAttributeValues(java.util.Map.of(
                                ":name",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                        "<script>alert(1)</script>\nFake line"))));
        Instant expiresAt = inAWeek();
        String userId = invited(tenant, "escaped@example.test", expiresAt);

        sender(10).send(EmailRequest.invitation(tenant.tenantId(), userId, expiresAt), fresh());

        var content = accepted.getFirst().content().simple();
        String html = content.body().html().data();
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(!html.contains("<script>"), html);
        assertTrue(content.body().text().data().contains("<script>alert(1)</script> Fake line"));
        assertTrue(!content.subject().data().contains("\n"), content.subject().data());
    }

    @Test
    void aMessageOfAnUnknownKind_isUnusable_andAKnownOneIsNot() {
        SeededTenant tenant = tenants.create();
        EmailRequest unknown =
                new EmailRequest("x:1", "newsletter", tenant.tenantId(), null, null, null, null, null, null, null);
        assertThrows(UnusableMessageException.class, () -> sender(10).send(unknown, fresh()));
        EmailRequest noTenant =
                new EmailRequest("x:2", "invitation", "not-a-tenant", null, null, null, null, null, null, null);
        assertThrows(UnusableMessageException.class, () -> sender(10).send(noTenant, fresh()));
        assertEquals(0, accepted.size());

        String userId = invited(tenant, "known@example.test", inAWeek());
        Instant expiresAt = tenantsInvitation(tenant, userId);
        sender(10).send(EmailRequest.invitation(tenant.tenantId(), userId, expiresAt), fresh());
        assertEquals(Set.of("known@example.test"), recipients());
    }

    static Instant tenantsInvitation(SeededTenant tenant, String userId) {
        return context.getBean(Recipients.class)
                .member(tenants.ownerAccess(tenant), userId)
                .orElseThrow()
                .expiresAt()
                .orElseThrow();
    }
}
