package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.aws.TenantCredentials;
import io.tenantry.shared.aws.TenantScope;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What tenant-scoped credentials cost: one AssumeRole per tenant per instance per 30 minutes. Measures,
 * against the local STS and DynamoDB Local, the vending itself (cold) against a kept credential (cached),
 * and {@code GET /v1/projects/{id}} as a tenant's first request on an instance (credentials vended, the
 * membership read) against its next one. Not a test: it asserts only that the calls succeed, and runs with
 *
 * <pre>./mvnw -q -Pbench test -pl functions/projects -am -Dtest=TenantCredentialsBenchmark</pre>
 *
 * writing {@code functions/projects/target/tenant-credentials.txt}; docs/BENCHMARKS.md keeps the numbers.
 */
@EmulatedAws
class TenantCredentialsBenchmark {
    static final int TENANTS = 200;
    static final int CACHED_LOOKUPS = 100_000;

    @Test
    void vending_coldAndCached_andATenantsFirstRequest(AwsEnvironment aws) throws IOException {
        try (ProjectsFixture fixture = new ProjectsFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"))) {
            TenantCredentials credentials = fixture.context.getBean(TenantCredentials.class);
            List<SeededTenant> tenants = new ArrayList<>();
            List<String> projects = new ArrayList<>();
            for (int i = 0; i < TENANTS; i++) {
                SeededTenant tenant = fixture.newTenant();
                tenants.add(tenant);
                projects.add(fixture.createProject(tenant, "Measured"));
            }
            // Warm the code paths on other tenants, then start every measured tenant cold.
            for (int i = 0; i < 20; i++) {
                credentials.credentials(fixture.newTenant().tenantId(), TenantScope.Access.READ_ONLY);
            }
            credentials.forget();

            long[] cold = new long[TENANTS];
            for (int i = 0; i < TENANTS; i++) {
                long started = System.nanoTime();
                credentials.credentials(tenants.get(i).tenantId(), TenantScope.Access.READ_ONLY);
                cold[i] = System.nanoTime() - started;
            }
            long[] cached = new long[CACHED_LOOKUPS];
            for (int i = 0; i < CACHED_LOOKUPS; i++) {
                long started = System.nanoTime();
                credentials.credentials(tenants.get(i % TENANTS).tenantId(), TenantScope.Access.READ_ONLY);
                cached[i] = System.nanoTime() - started;
            }

            credentials.forget();
            long[] first = new long[TENANTS];
            long[] next = new long[TENANTS];
            for (int i = 0; i < TENANTS; i++) {
                first[i] = timedGet(fixture, tenants.get(i), projects.get(i));
                next[i] = timedGet(fixture, tenants.get(i), projects.get(i));
            }
            String report = "Tenant credentials, local STS and DynamoDB Local, " + TENANTS + " tenants\n"
                    + "AssumeRole (cold):                 " + Latencies.percentiles(cold) + "\n"
                    + "kept credentials (cached):         " + Latencies.percentiles(cached) + "\n"
                    + "GET /v1/projects/{id}, first call: " + Latencies.percentiles(first) + "\n"
                    + "GET /v1/projects/{id}, next call:  " + Latencies.percentiles(next) + "\n";
            Files.writeString(Path.of("target", "tenant-credentials.txt"), report);
            System.out.println(report);
        }
    }

    private static long timedGet(ProjectsFixture fixture, SeededTenant tenant, String projectId) {
        long started = System.nanoTime();
        ApiResult result = ApiResult.call(fixture.get, fixture.onProject(tenant, "viewer", "GET", projectId));
        long elapsed = System.nanoTime() - started;
        assertEquals(200, result.status(), result::toString);
        return elapsed;
    }
}
