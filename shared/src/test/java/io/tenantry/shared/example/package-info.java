/**
 * The example route and worker of docs/architecture.md ("Adding a route", "Adding a worker"),
 * written as their steps say: handlers declaring their contract on the shared bases, services, a
 * repository through {@code TenantItems}. {@code ExampleRouteIT} and {@code ExampleWorkerIT} run them
 * through the real bases on the emulators. They have no template entry, so no function ships them,
 * the generated route suites do not list them, and shared's test jar leaves them out.
 */
package io.tenantry.shared.example;
