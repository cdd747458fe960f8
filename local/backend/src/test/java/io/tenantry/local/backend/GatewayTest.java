package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.TestTokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API of the repository's template.yaml, as API Gateway answers before and around the functions: routing,
 * 404 and 405, CORS, the payload limit, and the JWT authorizer (401 without calling the function).
 */
class GatewayTest {
    static TestBackends.Running backend;
    static String api;

    @BeforeAll
    static void start() {
        backend = TestBackends.repository();
        api = backend.api();
    }

    static void assertProblem(Http.Answer answer, int status) {
        assertEquals(status, answer.status(), answer::toString);
        assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer::toString);
        JsonNode body = answer.json();
        assertEquals(status, body.path("status").asInt());
        assertFalse(body.path("title").asText().isEmpty());
        assertTrue(body.path("type").asText().startsWith("https://tenantry.io/problems/"));
        assertEquals(answer.header("X-Request-Id"), body.path("requestId").asText());
    }

    /** Claims for a token signed with the test key, valid for the local issuer and audience unless overridden. */
    static Map<String, Object> localClaims(Map<String, Object> overrides) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", backend.issuer());
        claims.put("aud", "tenantry-local");
        claims.put("sub", "usr_test");
        claims.put("email", "claims-" + UUID.randomUUID() + "@example.test");
        claims.putAll(overrides);
        return claims;
    }

    @Test
    void publicRoute_answersWithoutAToken() {
        Http.Answer health = Http.get(api + "/v1/health");
        assertEquals(200, health.status(), health::toString);
        assertEquals("ok", health.json().path("status").asText());
        assertTrue(health.header("Content-Type").startsWith("application/json"));
        assertTrue(health.header("apigw-requestid") != null);
    }

    @Test
    void callersRequestId_isEchoed() {
        Http.Answer health = Http.get(api + "/v1/health", Map.of("X-Request-Id", "my-trace-42"));
        assertEquals("my-trace-42", health.header("X-Request-Id"));
        assertFalse(backend.console().linesWith("request=my-trace-42").isEmpty());
    }

    @Test
    void unknownPath_is404ProblemJson() {
        assertProblem(Http.get(api + "/v1/nowhere"), 404);
        assertProblem(Http.get(api + "/v1/health/"), 404);
        assertProblem(Http.get(api + "/local/nowhere"), 404);
    }

    @Test
    void wrongMethod_onAKnownPath_is405_withAllow() {
        Http.Answer answer = Http.send("DELETE", api + "/v1/health", Map.of(), null);
        assertProblem(answer, 405);
        assertEquals("GET", answer.header("Allow"));
        Http.Answer tenant = Http.send("PUT", api + "/v1/tenant", Map.of(), "{}".getBytes());
        assertProblem(tenant, 405);
        assertTrue(
                tenant.header("Allow").contains("GET") && tenant.header("Allow").contains("PATCH"), tenant::toString);
        assertFalse(tenant.header("Allow").contains("PUT"));
    }

    @Test
    void preflight_fromAnAllowedOrigin_isAnsweredByTheGateway() {
        Http.Answer answer = Http.send(
                "OPTIONS",
                api + "/v1/projects",
                Map.of(
                        "Origin", "http://localhost:5173",
                        "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "Authorization, Content-Type, Idempotency-Key"),
                null);
        assertEquals(204, answer.status(), answer::toString);
        assertEquals("http://localhost:5173", answer.header("Access-Control-Allow-Origin"));
        assertEquals("GET,POST,PATCH,DELETE,OPTIONS", answer.header("Access-Control-Allow-Methods"));
        assertTrue(answer.header("Access-Control-Allow-Headers").contains("idempotency-key"));
        assertEquals("600", answer.header("Access-Control-Max-Age"));
    }

    @Test
    void preflight_fromAnotherOrigin_orForAnotherHeader_getsNoCorsHeaders() {
        Http.Answer otherOrigin = Http.send(
                "OPTIONS",
                api + "/v1/projects",
                Map.of("Origin", "https://evil.test", "Access-Control-Request-Method", "POST"),
                null);
        assertEquals(204, otherOrigin.status());
        assertNull(otherOrigin.header("Access-Control-Allow-Origin"));
        Http.Answer otherHeader = Http.send(
                "OPTIONS",
                api + "/v1/projects",
                Map.of(
                        "Origin", "http://localhost:5173",
                        "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "x-not-allowed"),
                null);
        assertNull(otherHeader.header("Access-Control-Allow-Origin"));
    }

    @Test
    void responses_toAnAllowedOrigin_carryCorsHeaders_evenErrors() {
        Http.Answer health = Http.get(api + "/v1/health", Map.of("Origin", "http://localhost:5173"));
        assertEquals("http://localhost:5173", health.header("Access-Control-Allow-Origin"));
        assertTrue(health.header("Access-Control-Expose-Headers").contains("x-request-id"), health::toString);
        assertTrue(health.header("Access-Control-Expose-Headers").contains("etag"), health::toString);
        Http.Answer unauthorized = Http.get(api + "/v1/me", Map.of("Origin", "http://localhost:5173"));
        assertEquals(401, unauthorized.status());
        assertEquals("http://localhost:5173", unauthorized.header("Access-Control-Allow-Origin"));
        Http.Answer foreign = Http.get(api + "/v1/health", Map.of("Origin", "https://evil.test"));
        assertNull(foreign.header("Access-Control-Allow-Origin"));
    }

    @Test
    void bodyOverApiGatewaysLimit_is413_andTheFunctionIsNotCalled() {
        String requestId = "too-big-" + UUID.randomUUID();
        byte[] body = new byte[10 * 1024 * 1024 + 1];
        Http.Answer answer = Http.send(
                "POST",
                api + "/v1/tenants",
                Map.of("Content-Type", "application/json", "X-Request-Id", requestId),
                body);
        assertProblem(answer, 413);
        assertTrue(backend.console().linesWith(requestId).isEmpty(), "no invocation for " + requestId);
    }

    @Test
    void eventOverLambdasSixMegabytes_is413_andTheFunctionIsNotCalled() {
        String requestId = "over-lambda-limit-" + UUID.randomUUID();
        byte[] body = new byte[7 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        String token = Http.token(backend, "big-" + UUID.randomUUID() + "@example.test", null);
        Http.Answer answer = Http.send(
                "POST",
                api + "/v1/tenants",
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Request-Id",
                        requestId,
                        "Authorization",
                        "Bearer " + token),
                body);
        assertProblem(answer, 413);
        assertTrue(answer.json().path("detail").asText().contains("Lambda"), answer::toString);
        assertTrue(backend.console().linesWith(requestId).isEmpty(), "no invocation for " + requestId);
    }

    @Test
    void bodyOver256KiB_reachesTheFunction_whichRefusesIt() {
        byte[] body = new byte[300 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        String token = Http.token(backend, "limit-" + UUID.randomUUID() + "@example.test", null);
        Http.Answer answer = Http.send(
                "POST",
                api + "/v1/tenants",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token),
                body);
        assertProblem(answer, 413);
        assertFalse(backend.console().linesWith("request=" + answer.header("X-Request-Id")).stream()
                .filter(l -> l.contains("CreateTenantFunction"))
                .toList()
                .isEmpty());
    }

    @Test
    void missingOrMalformedToken_is401_andTheFunctionIsNotCalled() {
        for (Map<String, String> headers : java.util.List.of(
                Map.<String, String>of(),
                Map.of("Authorization", "Bearer"),
                Map.of("Authorization", "Bearer not-a-jwt"),
                Map.of("Authorization", "Basic dXNlcjpwYXNz"))) {
            String requestId = "unauthorized-" + UUID.randomUUID();
            Map<String, String> withId = new LinkedHashMap<>(headers);
            withId.put("X-Request-Id", requestId);
            Http.Answer answer = Http.get(api + "/v1/me", withId);
            assertProblem(answer, 401);
            assertTrue(
                    backend.console().linesWith(requestId).stream().noneMatch(l -> l.contains("GetMeFunction")),
                    "GetMeFunction was called for " + headers);
        }
    }

    @Test
    void refusedTokens_are401() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("expired", TestTokens.expired(localClaims(Map.of())));
        refused.put("not yet valid", TestTokens.notYetValid(localClaims(Map.of())));
        refused.put("wrong issuer", TestTokens.token(localClaims(Map.of("iss", "https://evil.test/local/auth"))));
        refused.put("wrong audience", TestTokens.token(localClaims(Map.of("aud", "someone-else"))));
        refused.put("alg none", TestTokens.algNone(localClaims(Map.of())));
        refused.put("HS256 with the public key", TestTokens.hs256WithPublicKey(localClaims(Map.of())));
        refused.put("unknown key", TestTokens.unknownKid(localClaims(Map.of())));
        refused.put("tampered", TestTokens.tampered(TestTokens.token(localClaims(Map.of()))));
        refused.put(
                "tampered local token",
                TestTokens.tampered(Http.token(backend, "tamper-" + UUID.randomUUID() + "@example.test", null)));
        refused.forEach((what, token) -> {
            Http.Answer answer = Http.get(api + "/v1/me", Http.bearer(token));
            assertEquals(401, answer.status(), what + ": " + answer);
            assertProblem(answer, 401);
        });
    }

    @Test
    void aValidlySignedToken_forTheLocalIssuerAndAudience_isAccepted() {
        Http.Answer me = Http.get(api + "/v1/me", Http.bearer(TestTokens.token(localClaims(Map.of()))));
        assertEquals(200, me.status(), me::toString);
        Http.Answer withoutBearerPrefix = Http.get(
                api + "/v1/me",
                Map.of("Authorization", Http.token(backend, "raw-" + UUID.randomUUID() + "@example.test", null)));
        assertEquals(200, withoutBearerPrefix.status(), "API Gateway takes the token without 'Bearer ' too");
    }

    @Test
    void everyFunctionOfTheTemplate_hasItsHandlerOnTheClassPath() {
        backend.backend()
                .functions()
                .values()
                .forEach(f -> assertTrue(f.problem().isEmpty(), f.problem()::get));
    }

    @Test
    void allFunctions_shareOneContext_andRepeatedInvocationsDoNotGrowIt() {
        var context = backend.backend().context();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, Http.get(api + "/v1/health").status());
        }
        int before = context.getBeanDefinitions(com.amazonaws.services.lambda.runtime.Context.class)
                .size();
        for (int i = 0; i < 50; i++) {
            assertEquals(200, Http.get(api + "/v1/health").status());
        }
        assertEquals(
                before,
                context.getBeanDefinitions(com.amazonaws.services.lambda.runtime.Context.class)
                        .size());
    }
}
