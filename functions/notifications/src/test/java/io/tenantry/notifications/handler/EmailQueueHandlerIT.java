package io.tenantry.notifications.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.notifications.repository.MailSettings;
import io.tenantry.shared.email.EmailRequest;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.testing.Queues;
import io.tenantry.shared.testing.SentCalls;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The email worker's handler as Lambda runs it: before a SnapStart snapshot it primes every step of a send for the
 * priming tenant and sends nothing, and the first real message after it is sent.
 */
@EmulatedAws
class EmailQueueHandlerIT {
    static AwsEnvironment aws;
    static ApplicationContext context;
    static final SentCalls sent = new SentCalls();
    static EmailQueueHandler handler;
    static TestTenants tenants;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        context = ApplicationContext.builder()
                .properties(aws.micronautProperties("EmailQueueFunction"))
                .singletons(sent)
                .start();
        handler = new EmailQueueHandler(context);
        tenants = new TestTenants(context);
        try {
            // Emulators that check the sender (moto) want the identity verified; the local stand-in takes any.
            context.getBean(SesV2Client.class)
                    .createEmailIdentity(b ->
                            b.emailIdentity(context.getBean(MailSettings.class).from()));
        } catch (RuntimeException e) {
            // not modelled there: nothing to verify
        }
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theSnapStartHook_sendsNothing_andTheFirstEmailAfterItIsSent() throws Exception {
        PrimingGuard guard = context.getBean(PrimingGuard.class);
        Priming priming = context.getBean(Priming.class);
        int stopsBefore = guard.stops();
        int failuresBefore = priming.failures();
        String deadLetters = aws.resources().queueUrl("EmailDeadLetterQueue");
        sent.clear();

        handler.beforeCheckpoint(null);

        assertEquals(failuresBefore, priming.failures(), "every step reached its write, and it stopped");
        assertTrue(guard.stops() - stopsBefore >= 3 * 20, "the claim, SES's send and the mark, stopped in every round");
        List<String> calls = sent.calls();
        assertEquals(List.of(), sent.notReads(), "only reads went out");
        assertTrue(calls.contains("DynamoDb.Query"), "the owners were read: " + calls);
        assertEquals(List.of(), Queues.takeAll(aws, deadLetters));

        SeededTenant tenant = tenants.create();
        EmailRequest request =
                EmailRequest.invoiceReady(tenant.tenantId(), Ids.invoiceId(), "7", "2026-11", 100, "USD");
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        message.setBody(new ObjectMapper().writeValueAsString(request));
        message.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "" + System.currentTimeMillis()));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        sent.clear();

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(1, sent.calls().stream().filter("SesV2.SendEmail"::equals).count(), sent.calls()::toString);
    }
}
