package io.tenantry.users.handler;

import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.RouteContractSuite;

/** The route contract of every users route, generated from the handlers' declarations. */
@EmulatedAws
class RouteContractTest extends RouteContractSuite {
    RouteContractTest() {
        super("io.tenantry.users");
    }
}
