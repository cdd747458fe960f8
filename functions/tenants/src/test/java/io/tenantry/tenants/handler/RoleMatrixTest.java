package io.tenantry.tenants.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every tenants route × every role (and no tenant), against the role table of the API contract. */
@EmulatedAws
class RoleMatrixTest {
    static TenantsFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new TenantsFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} as {3}: status {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST | /v1/tenants | {\"name\":\"N\"} | none | 201",
                "POST | /v1/tenants | {\"name\":\"N\"} | viewer | 201",
                "GET | /v1/tenant | | owner | 200",
                "GET | /v1/tenant | | admin | 200",
                "GET | /v1/tenant | | member | 200",
                "GET | /v1/tenant | | viewer | 200",
                "GET | /v1/tenant | | none | 403",
                "PATCH | /v1/tenant | {\"name\":\"R\"} | owner | 200",
                "PATCH | /v1/tenant | {\"name\":\"R\"} | admin | 200",
                "PATCH | /v1/tenant | {\"name\":\"R\"} | member | 403",
                "PATCH | /v1/tenant | {\"name\":\"R\"} | viewer | 403",
                "PATCH | /v1/tenant | {\"name\":\"R\"} | none | 403",
                "PATCH | /v1/tenant | {\"plan\":\"pro\"} | owner | 200",
                "PATCH | /v1/tenant | {\"plan\":\"pro\"} | admin | 403",
                "DELETE | /v1/tenant | | owner | 202",
                "DELETE | /v1/tenant | | admin | 403",
                "DELETE | /v1/tenant | | member | 403",
                "DELETE | /v1/tenant | | viewer | 403",
                "DELETE | /v1/tenant | | none | 403",
            })
    void route_answersEachRole_asTheContractSays(String method, String path, String body, String role, int status) {
        var tenant = fixture.signUp("free");
        ApiEvent event = tenant.as(role, method, path);
        if (role.equals("none")) {
            event.user(tenant.sub(), tenant.email());
        }
        if (body != null) {
            event.json(body);
        }
        ApiResult result = ApiResult.call(
                switch (method) {
                    case "POST" -> fixture.create;
                    case "GET" -> fixture.get;
                    case "DELETE" -> fixture.delete;
                    default -> fixture.update;
                },
                event);
        assertEquals(status, result.status(), result::toString);
    }
}
