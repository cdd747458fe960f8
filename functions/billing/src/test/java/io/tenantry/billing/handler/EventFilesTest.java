package io.tenantry.billing.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.model.Invoice;
import io.tenantry.billing.repository.InvoiceRepository;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.queue.QueueHandler;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every billing function in template.yaml has a sample event that its handler answers as the event
 * implies. The events' tenant and the invoice they name are seeded first; the worker runs before the
 * read of the invoice.
 */
@EmulatedAws
class EventFilesTest {
    static final Map<String, Integer> EXPECTED = Map.of(
            "GetUsageFunction", 200,
            "CreateInvoiceFunction", 202,
            "ListInvoicesFunction", 200,
            "GetInvoiceFunction", 200,
            "InvoiceQueueFunction", 0);

    static BillingFixture fixture;
    static List<FunctionUnderTest> functions;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new BillingFixture(aws);
        functions = TemplateFunctions.inPackage(aws.template(), "io.tenantry.billing");
        seed();
    }

    @AfterAll
    static void stop() {
        fixture.drain();
        fixture.close();
    }

    /**
     * The events' tenant (created before their period), their identity as a stored owner of it (the
     * events are admitted by that membership, not by their claims), and the pending invoice the
     * worker's event names.
     */
    static void seed() {
        APIGatewayV2HTTPEvent event =
                Events.load("events/billing/GetInvoiceFunction.json", APIGatewayV2HTTPEvent.class);
        String tenantId =
                event.getRequestContext().getAuthorizer().getJwt().getClaims().get("tenant_id");
        String invoiceId = event.getPathParameters().get("invoiceId");
        fixture.seed(tenantId, "Acme Corp", "pro", Instant.parse("2025-01-01T00:00:00Z"));
        var access = fixture.tenants.admit(event);
        InvoiceRepository invoices = fixture.context.getBean(InvoiceRepository.class);
        if (invoices.find(access, invoiceId).isEmpty()) {
            Invoice invoice = new Invoice(
                    invoiceId,
                    1,
                    "2025-10",
                    Invoice.PENDING,
                    "USD",
                    "2025-11-01T09:00:00Z",
                    "pro",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    1);
            assertEquals(InvoiceRepository.Created.CREATED, invoices.create(access, invoice, 0));
        }
    }

    @Test
    void everyFunction_answersItsSampleEvent_withTheStatusItImplies() throws Exception {
        assertEquals(
                EXPECTED.keySet(),
                functions.stream().map(FunctionUnderTest::logicalId).collect(Collectors.toSet()));
        List<FunctionUnderTest> workerFirst = functions.stream()
                .sorted(Comparator.comparing(f -> !f.logicalId().equals("InvoiceQueueFunction")))
                .toList();
        for (FunctionUnderTest function : workerFirst) {
            Object handler = Class.forName(function.handlerClass())
                    .getConstructor(ApplicationContext.class)
                    .newInstance(fixture.context);
            if (handler instanceof QueueHandler worker) {
                SQSBatchResponse response =
                        worker.handleRequest(Events.load(function.eventFile(), SQSEvent.class), null);
                assertEquals(List.of(), response.getBatchItemFailures(), function.toString());
                continue;
            }
            ApiResult result = ApiResult.call(
                    (ApiHandler) handler, Events.load(function.eventFile(), APIGatewayV2HTTPEvent.class));
            assertEquals(EXPECTED.get(function.logicalId()), result.status(), function + ": " + result);
        }
    }
}
