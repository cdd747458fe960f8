package io.tenantry.identity.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.TestTokens;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GET /v1/me checks tokens itself when told to: 401 for every kind of bad token; health needs none. */
@EmulatedAws
class TokenVerificationIT {
    static IdentityFixture fixture;
    static GetMeHandler me;
    static GetHealthHandler health;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new IdentityFixture(
                aws,
                Map.of(
                        "tenantry.jwt.verify", "true",
                        "tenantry.jwt.issuer", TestTokens.issuer(),
                        "tenantry.jwt.audience", TestTokens.audience(),
                        "tenantry.jwt.jwks", TestTokens.jwksJson()));
        me = new GetMeHandler(fixture.context);
        health = new GetHealthHandler(fixture.context);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Map<String, Object> claims() {
        return Map.of("sub", "s", "email", "me-" + UUID.randomUUID() + "@example.test");
    }

    static Stream<Arguments> badTokens() {
        return TestTokens.attacks().entrySet().stream().map(a -> Arguments.of(a.getKey(), a.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void me_answers401_toABadToken(String attack, Function<Map<String, Object>, String> token) {
        ApiResult result = ApiResult.call(me, ApiEvent.of("GET", "/v1/me").bearer(token.apply(claims())));
        assertTrue(result.isProblem(401), attack + ": " + result);
    }

    @Test
    void me_answers200_toAValidToken_andHealthNeedsNoToken() {
        ApiResult ok = ApiResult.call(me, ApiEvent.of("GET", "/v1/me").bearer(TestTokens.token(claims())));
        assertEquals(200, ok.status(), ok::toString);
        assertEquals(
                200, ApiResult.call(health, ApiEvent.of("GET", "/v1/health")).status());
    }
}
