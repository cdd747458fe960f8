package io.tenantry.tenants.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.TestTokens;
import io.tenantry.shared.http.ApiHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With TENANTRY_JWT_VERIFY=true the handlers check tokens themselves, as API Gateway's authorizer
 * would: every route answers 401 to every kind of bad token, and nothing is written.
 */
@EmulatedAws
class TokenVerificationIT {
    static TenantsFixture fixture;
    static TenantsFixture.SignedUp tenant;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new TenantsFixture(
                aws,
                // One free tenant answers a good request per case, 30 cases in about a second: over its
                // burst of 20 when the machine is fast. Rate limits have tests of their own.
                Map.of(
                        "tenantry.jwt.verify", "true",
                        "tenantry.jwt.issuer", TestTokens.issuer(),
                        "tenantry.jwt.audience", TestTokens.audience(),
                        "tenantry.jwt.jwks", TestTokens.jwksJson(),
                        "tenantry.rate-limit.enabled", "false"));
        tenant = signUpWithAToken();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static TenantsFixture.SignedUp signUpWithAToken() {
        String email = "verified-" + java.util.UUID.randomUUID() + "@example.test";
        ApiResult created = ApiResult.call(
                fixture.create,
                ApiEvent.of("POST", "/v1/tenants")
                        .bearer(TestTokens.token(Map.of("sub", "s-" + email, "email", email)))
                        .json("{\"name\": \"Verified\"}"));
        assertEquals(201, created.status(), created::toString);
        return new TenantsFixture.SignedUp(
                created.json().path("id").asText(), "s-" + email, email, Map.of("owner", "s-" + email));
    }

    static Map<String, Object> ownerClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", tenant.sub());
        claims.put("email", tenant.email());
        claims.put("tenant_id", tenant.tenantId());
        claims.put("role", "owner");
        return claims;
    }

    static Stream<Arguments> badTokens() {
        List<String> routes = List.of("POST /v1/tenants", "GET /v1/tenant", "PATCH /v1/tenant");
        return routes.stream()
                .flatMap(route -> TestTokens.attacks().entrySet().stream()
                        .map(a -> Arguments.of(route, a.getKey(), a.getValue())));
    }

    static ApiHandler handlerFor(String route) {
        return switch (route) {
            case "POST /v1/tenants" -> fixture.create;
            case "GET /v1/tenant" -> fixture.get;
            default -> fixture.update;
        };
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("badTokens")
    void everyRoute_answers401_toABadToken_andChangesNothing(
            String route, String attack, Function<Map<String, Object>, String> token) {
        String[] parts = route.split(" ");
        ApiEvent event = ApiEvent.of(parts[0], parts[1])
                .bearer(token.apply(ownerClaims()))
                .json("{\"name\": \"Hijacked\"}");

        ApiResult result = ApiResult.call(handlerFor(route), event);

        assertTrue(result.isProblem(401), attack + ": " + result);
        ApiResult after =
                ApiResult.call(fixture.get, ApiEvent.of("GET", "/v1/tenant").bearer(TestTokens.token(ownerClaims())));
        assertEquals(200, after.status(), after::toString);
        assertEquals("Verified", after.json().path("name").asText());
        assertEquals(1, after.json().path("version").asLong());
    }

    @Test
    void everyRoute_answers401_withoutAnAuthorizationHeader() {
        for (String route : List.of("POST /v1/tenants", "GET /v1/tenant", "PATCH /v1/tenant")) {
            String[] parts = route.split(" ");
            ApiResult result = ApiResult.call(
                    handlerFor(route), ApiEvent.of(parts[0], parts[1]).json("{}"));
            assertTrue(result.isProblem(401), route + ": " + result);
        }
    }

    @Test
    void claimsOfTheAuthorizer_areIgnored_whenTheFunctionVerifiesItself() {
        ApiResult result = ApiResult.call(fixture.get, tenant.as("owner", "GET", "/v1/tenant"));
        assertTrue(result.isProblem(401), result::toString);
    }

    @Test
    void aValidToken_withoutATenant_gets403_onTenantRoutes() {
        String token = TestTokens.token(Map.of("sub", tenant.sub(), "email", tenant.email()));
        ApiResult result =
                ApiResult.call(fixture.get, ApiEvent.of("GET", "/v1/tenant").bearer(token));
        assertTrue(result.isProblem(403), result::toString);
    }
}
