/**
 * The example route of docs/architecture.md ("Adding a route"), written as its steps say: a handler
 * declaring its route and role, a service, a repository through {@code TenantItems}, a model that
 * validates its body. {@code ExampleRouteIT} runs it through the real handler base. It has no
 * template entry, so no function ships it and the generated route suites do not list it.
 */
package io.tenantry.shared.example;
