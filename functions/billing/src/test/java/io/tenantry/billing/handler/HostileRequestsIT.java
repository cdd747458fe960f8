package io.tenantry.billing.handler;

import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.HostileRequestsSuite;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Generated requests at every billing route: never a 5xx, problem+json on refusal. The invoice route names a ready
 * invoice of the tenant: requested for this month and rendered by the worker before the requests are sent.
 */
@EmulatedAws
class HostileRequestsIT extends HostileRequestsSuite {
    private BillingFixture fixture;

    HostileRequestsIT() {
        super("io.tenantry.billing");
    }

    @BeforeAll
    void startWorker(AwsEnvironment aws) {
        fixture = new BillingFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    void stopWorker() {
        if (fixture != null) {
            fixture.drain();
            fixture.close();
        }
    }

    @Override
    protected Map<String, String> pathParameters(SeededTenant tenant) {
        return Map.of(
                "invoiceId",
                fixture.readyInvoice(tenant, YearMonth.now(ZoneOffset.UTC).toString()));
    }
}
