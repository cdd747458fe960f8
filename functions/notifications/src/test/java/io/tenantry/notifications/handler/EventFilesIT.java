package io.tenantry.notifications.handler;

import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.EventFilesSuite;

/** The email worker answers its sample event (an invoice-ready notice of the events' tenant) without a failure. */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.notifications");
    }

    @Override
    protected void seed() {
        tenants().create("ten_01JD3Q5R7C0000000000000001", Plan.FREE);
    }
}
