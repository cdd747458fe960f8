package io.tenantry.billing.handler;

import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.RouteContractSuite;

/** The route contract of every billing route, generated from the handlers' declarations. */
@EmulatedAws
class RouteContractIT extends RouteContractSuite {
    RouteContractIT() {
        super("io.tenantry.billing");
    }
}
