package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the stored-membership check costs a request: {@code GET /v1/projects/{id}} through its handler
 * against DynamoDB Local, with the membership cached (the default, 4 s: every request but one in 4 s
 * reads nothing for it) and with the cache off (every request reads the identity and the tenant record
 * and member item). Not a test: it asserts only that the calls succeed, and runs with
 *
 * <pre>./mvnw -q verify -pl functions/projects -am -Dtest=MembershipCheckBenchmark -Dtenantry.benchmark=true
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dspotbugs.skip</pre>
 *
 * writing {@code functions/projects/target/membership-check.txt}; docs/BENCHMARKS.md keeps the numbers.
 */
@EmulatedAws
@EnabledIfSystemProperty(named = "tenantry.benchmark", matches = "true")
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
            long[] micros = new long[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                long started = System.nanoTime();
                call(fixture, tenant, id);
                micros[i] = (System.nanoTime() - started) / 1_000;
            }
            Arrays.sort(micros);
            return String.format(
                    "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms",
                    micros[MEASURED / 2] / 1000.0,
                    micros[MEASURED * 9 / 10] / 1000.0,
                    micros[MEASURED * 99 / 100] / 1000.0);
        }
    }

    private static void call(ProjectsFixture fixture, SeededTenant tenant, String id) {
        ApiResult result = ApiResult.call(fixture.get, fixture.onProject(tenant, "viewer", "GET", id));
        assertEquals(200, result.status(), result::toString);
    }
}
