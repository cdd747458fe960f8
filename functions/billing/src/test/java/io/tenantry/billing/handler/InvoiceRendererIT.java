package io.tenantry.billing.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tenantry.billing.model.InvoiceMessage;
import io.tenantry.billing.repository.BillingSettings;
import io.tenantry.billing.repository.InvoiceDocuments;
import io.tenantry.billing.repository.InvoiceRepository;
import io.tenantry.billing.service.InvoiceCalculator;
import io.tenantry.billing.service.InvoicePdf;
import io.tenantry.billing.service.InvoiceRenderer;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metering.UsageReader;
import io.tenantry.shared.metrics.BusinessMetrics;
import io.tenantry.shared.pricing.PriceList;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.testing.OutboxEvents;
import io.tenantry.shared.testing.Queues;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The invoice worker under redelivery, crashes between its steps, racing deliveries, exhausted
 * attempts and messages it cannot use: one PDF object and one final state per invoice, always.
 */
@EmulatedAws
class InvoiceRendererIT {
    static BillingFixture fixture;
    static final String CLOSED = YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new BillingFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** A pending invoice whose queue message the test delivers itself (the queue's copy is dropped). */
    static String pendingInvoice(SeededTenant tenant) {
        ApiResult requested = fixture.requestInvoice(tenant, CLOSED);
        assertEquals(202, requested.status(), requested::toString);
        OutboxEvents.relay(fixture.aws);
        purgeQueue();
        return requested.json().path("id").asText();
    }

    static void purgeQueue() {
        fixture.aws.sqs().purgeQueue(r -> r.queueUrl(fixture.queueUrl));
    }

    static InvoiceRenderer renderer(InvoiceDocuments documents, InvoicePdf pdf) {
        var c = fixture.context;
        return new InvoiceRenderer(
                c.getBean(InvoiceRepository.class),
                documents,
                c.getBean(InvoiceCalculator.class),
                pdf,
                c.getBean(UsageReader.class),
                c.getBean(UsageMeter.class),
                c.getBean(BusinessMetrics.class),
                c.getBean(PriceList.class),
                c.getBean(BillingSettings.class),
                c.getBean(io.tenantry.shared.email.EmailQueue.class),
                c.getBean(io.tenantry.shared.events.EventPublisher.class),
                c.getBean(io.tenantry.shared.data.Outbox.class),
                c.getBean(Clock.class));
    }

    static InvoiceRenderer realRenderer() {
        return fixture.context.getBean(InvoiceRenderer.class);
    }

    static long invoicesRendered(SeededTenant tenant) {
        fixture.flushUsage();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return fixture.context
                .getBean(UsageReader.class)
                .daily(fixture.access(tenant), today, today)
                .getFirst()
                .invoicesRendered();
    }

    @Test
    void aRedeliveredMessage_changesNothingMore() {
        SeededTenant tenant = fixture.newTenant();
        String id = pendingInvoice(tenant);
        InvoiceMessage message = new InvoiceMessage(tenant.tenantId(), id);

        realRenderer().render(message, 1);
        String firstEtag = fixture.aws
                .s3()
                .headObject(r ->
                        r.bucket(fixture.bucket).key(fixture.objectsOf(tenant).getFirst()))
                .eTag();
        realRenderer().render(message, 2);
        realRenderer().render(message, 3);

        assertEquals(1, fixture.objectsOf(tenant).size());
        assertEquals(
                firstEtag,
                fixture.aws
                        .s3()
                        .headObject(r -> r.bucket(fixture.bucket)
                                .key(fixture.objectsOf(tenant).getFirst()))
                        .eTag());
        assertEquals("ready", fixture.read(tenant, id).json().path("status").asText());
        assertEquals(1, invoicesRendered(tenant));
        var events = OutboxEvents.webhookEvents(fixture.context, tenant.tenantId());
        assertEquals(1, events.size(), "one invoice.ready, written with the transition to ready: " + events);
        assertEquals("invoice.ready", events.getFirst().path("type").asText());
        assertEquals(id, events.getFirst().path("data").path("id").asText());
        var emails = OutboxEvents.of(fixture.context, tenant.tenantId(), io.tenantry.shared.data.OutboxMessage.EMAIL);
        assertEquals(1, emails.size(), emails::toString);
        assertEquals(id, emails.getFirst().path("invoiceId").asText());
    }

    @Test
    void aCrashAfterThePdfWasStored_isResumed_withOnePdf() {
        SeededTenant tenant = fixture.newTenant();
        String id = pendingInvoice(tenant);
        var c = fixture.context;
        InvoiceDocuments crashingAfterStore =
                new InvoiceDocuments(
                        fixture.aws.s3(),
                        c.getBean(software.amazon.awssdk.services.s3.presigner.S3Presigner.class),
                        c.getBean(BillingSettings.class)) {
                    @Override
                    public void store(String key, byte[] pdf) {
                        super.store(key, pdf);
                        throw new IllegalStateException("killed after the put");
                    }
                };
        InvoiceMessage message = new InvoiceMessage(tenant.tenantId(), id);

        assertThrows(
                IllegalStateException.class,
                () -> renderer(crashingAfterStore, c.getBean(InvoicePdf.class)).render(message, 1));
        assertEquals("pending", fixture.read(tenant, id).json().path("status").asText(), "rendering shows as pending");
        assertEquals(1, fixture.objectsOf(tenant).size());

        realRenderer().render(message, 2);
        assertEquals(1, fixture.objectsOf(tenant).size());
        assertEquals("ready", fixture.read(tenant, id).json().path("status").asText());
        assertEquals(1, invoicesRendered(tenant));
    }

    @Test
    void aCrashBeforeThePdfWasStored_isResumed_withOnePdf() {
        SeededTenant tenant = fixture.newTenant();
        String id = pendingInvoice(tenant);
        InvoicePdf crashing = new InvoicePdf() {
            @Override
            public byte[] render(Content content) {
                throw new IllegalStateException("killed while rendering");
            }
        };
        InvoiceMessage message = new InvoiceMessage(tenant.tenantId(), id);
        assertThrows(
                IllegalStateException.class,
                () -> renderer(fixture.context.getBean(InvoiceDocuments.class), crashing)
                        .render(message, 1));
        assertEquals(0, fixture.objectsOf(tenant).size());

        realRenderer().render(message, 2);
        assertEquals(1, fixture.objectsOf(tenant).size());
        assertEquals("ready", fixture.read(tenant, id).json().path("status").asText());
    }

    @Test
    void racingDeliveries_makeOnePdf_oneFinalState_andCountOneRendering() throws Exception {
        SeededTenant tenant = fixture.newTenant();
        String id = pendingInvoice(tenant);
        InvoiceMessage message = new InvoiceMessage(tenant.tenantId(), id);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> {
                    realRenderer().render(message, 1);
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fixture.objectsOf(tenant).size());
        assertEquals("ready", fixture.read(tenant, id).json().path("status").asText());
        assertEquals(1, invoicesRendered(tenant));
    }

    @Test
    void theLastAttemptFailing_marksTheInvoiceFailed_withAReason_andAskingAgainRequeuesIt() {
        SeededTenant tenant = fixture.newTenant();
        String id = pendingInvoice(tenant);
        AtomicInteger attempts = new AtomicInteger();
        InvoicePdf broken = new InvoicePdf() {
            @Override
            public byte[] render(Content content) {
                attempts.incrementAndGet();
                throw new IllegalStateException("broken renderer");
            }
        };
        InvoiceRenderer failing = renderer(fixture.context.getBean(InvoiceDocuments.class), broken);
        InvoiceMessage message = new InvoiceMessage(tenant.tenantId(), id);
        for (int receive = 1; receive <= 2; receive++) {
            int count = receive;
            assertThrows(IllegalStateException.class, () -> failing.render(message, count));
            assertEquals(
                    "pending", fixture.read(tenant, id).json().path("status").asText());
        }
        assertThrows(IllegalStateException.class, () -> failing.render(message, 3));
        ApiResult failed = fixture.read(tenant, id);
        assertEquals("failed", failed.json().path("status").asText(), failed::toString);
        assertTrue(failed.json().path("reason").asText().contains("3 attempts"), failed::toString);
        assertEquals(3, attempts.get());
        assertEquals(0, fixture.objectsOf(tenant).size());

        ApiResult again = fixture.requestInvoice(tenant, CLOSED);
        assertEquals(202, again.status());
        assertEquals(id, again.json().path("id").asText());
        assertEquals("pending", again.json().path("status").asText());
        assertEquals(List.of(), fixture.drain());
        assertEquals("ready", fixture.read(tenant, id).json().path("status").asText());
    }

    @Test
    void messagesWithoutATenantOrAnInvoice_areDeadLetteredAtOnce_withTheReason_andWriteNothing() {
        SeededTenant tenant = fixture.newTenant();
        SeededTenant other = fixture.newTenant();
        String othersInvoice = pendingInvoice(other);
        fixture.flushUsage();
        Queues.takeAll(fixture.aws, fixture.deadLetterUrl);
        long itemsBefore = tableSize();
        List<String> bodies = List.of(
                "{}",
                "not json",
                "{\"invoiceId\": \"inv_01JD3Q5R7C0000000000000002\"}",
                "{\"tenantId\": \"" + tenant.tenantId() + "\"}",
                "{\"tenantId\": \"" + tenant.tenantId() + "\", \"invoiceId\": \"inv_01JD3Q5R7C0000000000000002\"}",
                "{\"tenantId\": \"TENANT#x\", \"invoiceId\": \"inv_01JD3Q5R7C0000000000000002\"}",
                "{\"tenantId\": \"" + BillingFixture.newTenantId() + "\", \"invoiceId\": \"../x\"}",
                // Another tenant's invoice, under this tenant's id: not found in this tenant's partition.
                "{\"tenantId\": \"" + tenant.tenantId() + "\", \"invoiceId\": \"" + othersInvoice + "\"}");
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : bodies) {
            records.add(BillingFixture.record(body, 1));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);

        SQSBatchResponse response = fixture.worker.handleRequest(event, null);

        assertEquals(List.of(), response.getBatchItemFailures(), "acknowledged: they are in the dead-letter queue");
        List<software.amazon.awssdk.services.sqs.model.Message> dead =
                Queues.takeAll(fixture.aws, fixture.deadLetterUrl);
        assertEquals(bodies.size(), dead.size());
        assertTrue(dead.stream()
                .allMatch(m -> m.messageAttributes().containsKey(io.tenantry.shared.queue.DeadLetters.REASON)));
        assertEquals(itemsBefore, tableSize());
        assertEquals(0, fixture.objectsOf(tenant).size());
        assertEquals(0, fixture.objectsOf(other).size());
        assertEquals(
                "pending",
                fixture.read(other, othersInvoice).json().path("status").asText());
    }

    @Test
    void aPoisonMessage_isDeadLetteredAtOnce_whileTheGoodOneBesideItIsRendered() {
        SeededTenant tenant = fixture.newTenant();
        String id = pendingInvoice(tenant);
        Queues.takeAll(fixture.aws, fixture.deadLetterUrl);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(
                BillingFixture.record("{\"tenantId\": \"" + tenant.tenantId() + "\"}", 1),
                BillingFixture.record(
                        "{\"tenantId\": \"" + tenant.tenantId() + "\", \"invoiceId\": \"" + id + "\"}", 1)));

        SQSBatchResponse response = fixture.worker.handleRequest(event, null);

        assertEquals(List.of(), response.getBatchItemFailures(), "both acknowledged");
        assertEquals("ready", fixture.read(tenant, id).json().path("status").asText());
        assertEquals(1, invoicesRendered(tenant));
        List<software.amazon.awssdk.services.sqs.model.Message> dead =
                Queues.takeAll(fixture.aws, fixture.deadLetterUrl);
        assertEquals(1, dead.size(), dead::toString);
        assertTrue(!dead.getFirst().body().contains(id), "only the poison message is dead-lettered");
    }

    /** The worker with a renderer that fails for one tenant's invoices. */
    static InvoiceQueueHandler failingFor(SeededTenant tenant) {
        InvoicePdf failing = new InvoicePdf() {
            @Override
            public byte[] render(Content content) {
                if (content.tenantId().equals(tenant.tenantId())) {
                    throw new IllegalStateException("broken renderer");
                }
                return super.render(content);
            }
        };
        InvoiceQueueHandler handler = new InvoiceQueueHandler(fixture.context);
        handler.renderer = renderer(fixture.context.getBean(InvoiceDocuments.class), failing);
        return handler;
    }

    @Test
    void oneFailingMessage_doesNotFailItsNeighbours() {
        SeededTenant broken = fixture.newTenant();
        SeededTenant fine = fixture.newTenant();
        String bad = pendingInvoice(broken);
        String good = pendingInvoice(fine);
        SQSEvent event = new SQSEvent();
        SQSEvent.SQSMessage badRecord = BillingFixture.record(
                "{\"tenantId\": \"" + broken.tenantId() + "\", \"invoiceId\": \"" + bad + "\"}", 1);
        SQSEvent.SQSMessage goodRecord = BillingFixture.record(
                "{\"tenantId\": \"" + fine.tenantId() + "\", \"invoiceId\": \"" + good + "\"}", 1);
        event.setRecords(List.of(badRecord, goodRecord));
        SQSBatchResponse response = failingFor(broken).handleRequest(event, null);
        assertEquals(
                List.of(badRecord.getMessageId()),
                response.getBatchItemFailures().stream()
                        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                        .toList());
        assertEquals("ready", fixture.read(fine, good).json().path("status").asText());
        assertEquals("pending", fixture.read(broken, bad).json().path("status").asText());
    }

    @Test
    void throughTheQueue_threeFailedReceives_markTheInvoiceFailed_andDeadLetterTheMessage() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult requested = fixture.requestInvoice(tenant, CLOSED);
        String id = requested.json().path("id").asText();
        Queues.takeAll(fixture.aws, fixture.deadLetterUrl);
        InvoiceQueueHandler failing = failingFor(tenant);
        int failedReceives = 0;
        for (int round = 0; round < 6; round++) {
            failedReceives += fixture.drain(failing).size();
        }
        assertEquals(3, failedReceives, "maxReceiveCount");
        ApiResult failed = fixture.read(tenant, id);
        assertEquals("failed", failed.json().path("status").asText(), failed::toString);
        List<software.amazon.awssdk.services.sqs.model.Message> dead =
                Queues.takeAll(fixture.aws, fixture.deadLetterUrl);
        assertTrue(dead.stream().anyMatch(m -> m.body().contains(id)), dead::toString);
    }

    @Test
    void aTenantBeingOffboarded_getsNoRendering() {
        SeededTenant tenant = fixture.newTenant();
        String id = pendingInvoice(tenant);
        fixture.aws
                .dynamoDb()
                .updateItem(r -> r.tableName(fixture.context
                                .getBean(io.tenantry.shared.data.TableSettings.class)
                                .name())
                        .key(Map.of(
                                "PK", AttributeValue.fromS("TENANT#" + tenant.tenantId()),
                                "SK", AttributeValue.fromS("TENANT")))
                        .updateExpression("SET #s = :d")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("deleting"))));
        realRenderer().render(new InvoiceMessage(tenant.tenantId(), id), 1);
        assertEquals(0, fixture.objectsOf(tenant).size());
    }

    @Test
    void rendering_isDeterministic() {
        InvoicePdf pdf = fixture.context.getBean(InvoicePdf.class);
        var content = new InvoicePdf.Content(
                "inv_01JD3Q5R7C0000000000000002",
                7,
                "ten_01JD3Q5R7C0000000000000001",
                "Åcme Ünïcode 東京 \u0007 tenant with a rather long name that has to wrap over the line",
                YearMonth.of(2025, 11),
                "pro",
                "v1",
                "USD",
                java.time.Instant.parse("2025-12-01T08:00:00Z"),
                List.of(new io.tenantry.billing.model.InvoiceLine("Fee", 1, 4900, 4900)),
                4900,
                List.of("A note."));
        assertArrayEquals(pdf.render(content), pdf.render(content));
    }

    @Test
    void theSnapStartHook_writesNothing_andTheFirstInvoiceAfterItIsRendered() {
        PrimingGuard guard = fixture.context.getBean(PrimingGuard.class);
        Priming priming = fixture.context.getBean(Priming.class);
        int stopsBefore = guard.stops();
        int failuresBefore = priming.failures();
        long itemsBefore = tableSize();
        purgeQueue();
        Queues.takeAll(fixture.aws, fixture.deadLetterUrl);
        fixture.sent.clear();

        fixture.worker.beforeCheckpoint(null);

        assertEquals(failuresBefore, priming.failures(), "every step reached its write, and it stopped");
        assertTrue(
                guard.stops() - stopsBefore >= 2 * 20, "the frozen lines and the PDF's upload, stopped in every round");
        List<String> sent = fixture.sent.calls();
        assertEquals(List.of(), fixture.sent.notReads(), "only reads went out");
        assertTrue(sent.contains("DynamoDb.Query"), "the month's usage was read: " + sent);
        assertEquals(itemsBefore, tableSize());
        assertEquals(List.of(), Queues.takeAll(fixture.aws, fixture.queueUrl));
        assertEquals(List.of(), Queues.takeAll(fixture.aws, fixture.deadLetterUrl));

        SeededTenant tenant = fixture.newTenant();
        String id = pendingInvoice(tenant);
        fixture.sent.clear();
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(BillingFixture.record(
                "{\"tenantId\": \"" + tenant.tenantId() + "\", \"invoiceId\": \"" + id + "\"}", 1)));

        SQSBatchResponse response = fixture.worker.handleRequest(event, null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals("ready", fixture.read(tenant, id).json().path("status").asText());
        assertEquals(1, fixture.objectsOf(tenant).size());
        assertTrue(fixture.sent.calls().contains("S3.PutObject"), fixture.sent.calls()::toString);
    }

    static long tableSize() {
        String table = fixture.context
                .getBean(io.tenantry.shared.data.TableSettings.class)
                .name();
        return fixture.aws
                .dynamoDb()
                .scan(r -> r.tableName(table).select("COUNT"))
                .count();
    }
}
