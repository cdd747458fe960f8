package io.tenantry.media.handler;

import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.RouteContractSuite;

/** The route contract of every media route, generated from the handlers' declarations. */
@EmulatedAws
class RouteContractIT extends RouteContractSuite {
    RouteContractIT() {
        super("io.tenantry.media");
    }
}
