package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the stored-membership check costs a request: {@code GET /v1/projects/{id}} through its handler
 * against DynamoDB Local, with the membership cached (the default, 4 s: every request but one in 4 s
 * reads nothing for it) and with the cache off (every request reads the identity and the tenant record
 * and member item). Not a test: it asserts only that the calls succeed, and runs with
 *
 * <pre>./mvnw -q -Pbench test -pl functions/projects -am -Dtest=MembershipCheckBenchmark</pre>
 *
 * writing {@code functions/projects/target/membership-check.txt}; docs/BENCHMARKS.md keeps the numbers.
 */
@EmulatedAws
class MembershipCheckBenchmark {
    static final int WARM_UP = 500;
    static final int MEASURED = 2_000;

    @Test
    void getProject_withTheMembershipCached_andUncached(AwsEnvironment aws) throws IOException {
        String cached = run(aws, "4000");
        String uncached = run(aws, "0");
        String report = "GET /v1/projects/{id} through its handler, DynamoDB Local, " + MEASURED
                + " sequential requests after " + WARM_UP + " of warm-up\n"
                + "membership cached (4 s):  " + cached + "\n"
                + "membership read per call: " + uncached + "\n";
        Files.writeString(Path.of("target", "membership-check.txt"), report);
        System.out.println(report);
    }

    private static String run(AwsEnvironment aws, String cacheMillis) {
        try (ProjectsFixture fixture = new ProjectsFixture(
                aws, Map.of("tenantry.membership.cache-millis", cacheMillis, "tenantry.rate-limit.enabled", "false"))) {
            SeededTenant tenant = fixture.newTenant();
            String id = fixture.createProject(tenant, "Measured");
            for (int i = 0; i < WARM_UP; i++) {
                call(fixture, tenant, id);
            }
            long[] nanos = new long[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                long started = System.nanoTime();
                call(fixture, tenant, id);
                nanos[i] = System.nanoTime() - started;
            }
            return Latencies.percentiles(nanos);
        }
    }

    private static void call(ProjectsFixture fixture, SeededTenant tenant, String id) {
        ApiResult result = ApiResult.call(fixture.get, fixture.onProject(tenant, "viewer", "GET", id));
        assertEquals(200, result.status(), result::toString);
    }
}
