package io.tenantry.identity.handler;

import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.RouteContractSuite;

/** The route contract of every identity route, generated from the handlers' declarations. */
@EmulatedAws
class RouteContractIT extends RouteContractSuite {
    RouteContractIT() {
        super("io.tenantry.identity");
    }
}
