package io.tenantry.webhooks.handler;

import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.RouteContractSuite;

/** The route contract of every webhooks route (admins only), generated from the handlers' declarations. */
@EmulatedAws
class RouteContractIT extends RouteContractSuite {
    RouteContractIT() {
        super("io.tenantry.webhooks");
    }
}
