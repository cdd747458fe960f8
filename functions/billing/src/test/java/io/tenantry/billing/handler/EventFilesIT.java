package io.tenantry.billing.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tenantry.billing.model.Invoice;
import io.tenantry.billing.repository.InvoiceRepository;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.shared.testing.EventFilesSuite;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Every billing function answers its sample event as it implies. The events' tenant and the invoice
 * they name are seeded first; the worker runs before the read of the invoice.
 */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    private BillingFixture fixture;

    EventFilesIT() {
        super("io.tenantry.billing");
    }

    /** Asking for an invoice is accepted: the worker renders it. */
    @Override
    protected Map<String, Integer> statusOverrides() {
        return Map.of("CreateInvoiceFunction", 202);
    }

    /**
     * The events' tenant (created before their period), their identity as a stored owner of it (the
     * events are admitted by that membership, not by their claims), and the pending invoice the
     * worker's event names.
     */
    @Override
    protected void seed() {
        fixture = new BillingFixture(aws());
        APIGatewayV2HTTPEvent event =
                Events.load("events/billing/GetInvoiceFunction.json", APIGatewayV2HTTPEvent.class);
        String tenantId =
                event.getRequestContext().getAuthorizer().getJwt().getClaims().get("tenant_id");
        String invoiceId = event.getPathParameters().get("invoiceId");
        fixture.seed(tenantId, "Acme Corp", "pro", Instant.parse("2025-01-01T00:00:00Z"));
        var access = tenants().admit(event);
        InvoiceRepository invoices = context().getBean(InvoiceRepository.class);
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

    /** The invoice the create event asked for leaves the queue, so no other test meets it. */
    @AfterAll
    void drain() {
        if (fixture != null) {
            fixture.drain();
            fixture.close();
        }
    }
}
