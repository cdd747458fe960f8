package io.tenantry.billing.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.billing.model.Invoice;
import io.tenantry.billing.repository.InvoiceRepository;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.testing.HostileRequestsSuite;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Generated requests at every billing route: never a 5xx, problem+json on refusal. */
@EmulatedAws
class HostileRequestsTest extends HostileRequestsSuite {
    private BillingFixture fixture;

    HostileRequestsTest() {
        super("io.tenantry.billing");
    }

    @BeforeAll
    void queue(AwsEnvironment aws) {
        fixture = new BillingFixture(aws);
    }

    /** The invoices the generated requests asked for leave the queue, so no other test meets them. */
    @AfterAll
    void drain() {
        fixture.drain();
        fixture.close();
    }

    /** A pending invoice of the tenant, stored as the create route stores it. */
    @Override
    protected Map<String, String> pathParameters(SeededTenant tenant) {
        String id = Ids.invoiceId();
        Invoice invoice = new Invoice(
                id,
                1,
                "2025-10",
                Invoice.PENDING,
                "USD",
                "2025-11-01T09:00:00Z",
                "free",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                1);
        assertEquals(
                InvoiceRepository.Created.CREATED,
                context().getBean(InvoiceRepository.class).create(tenants().ownerAccess(tenant), invoice, 0));
        return Map.of("invoiceId", id);
    }
}
