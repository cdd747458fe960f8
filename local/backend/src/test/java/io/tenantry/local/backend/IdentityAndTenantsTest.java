package io.tenantry.local.backend;

import static io.tenantry.local.backend.GatewayTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local identity provider and a user's first steps, over real HTTP against the repository's template: a token,
 * a tenant, the tenant read back with a token for it; another user's tenant kept apart; one log line per invocation.
 */
class IdentityAndTenantsTest {
    static TestBackends.Running backend;
    static String api;

    @BeforeAll
    static void start() {
        backend = TestBackends.repository();
        api = backend.api();
    }

    static String email() {
        return "user-" + UUID.randomUUID() + "@example.test";
    }

    /** Signs up a new user and tenant: the tenant's id and a token for it. */
    static String[] signUp(String email, String name) {
        Http.Answer created = Http.post(
                api + "/v1/tenants", "{\"name\":\"" + name + "\"}", Http.bearer(Http.token(backend, email, null)));
        assertEquals(201, created.status(), created::toString);
        String tenantId = created.json().path("id").asText();
        return new String[] {tenantId, Http.token(backend, email, tenantId)};
    }

    @Test
    void token_withoutMembership_hasNoTenantClaims_andReachesMe() throws Exception {
        String email = email();
        String token = Http.token(backend, email, null);
        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertEquals(backend.issuer(), claims.getIssuer());
        assertEquals(List.of("tenantry-local"), claims.getAudience());
        assertEquals(email, claims.getStringClaim("email"));
        assertEquals(null, claims.getStringClaim("tenant_id"));
        Http.Answer me = Http.get(api + "/v1/me", Http.bearer(token));
        assertEquals(200, me.status(), me::toString);
        assertEquals(email, me.json().path("email").asText());
        assertEquals(0, me.json().path("memberships").size());
    }

    @Test
    void signUp_thenTheTenantIsReadWithATokenForIt_andAnotherUserSeesOnlyTheirs() throws Exception {
        String ada = email();
        String[] acme = signUp(ada, "Acme");
        var claims = SignedJWT.parse(acme[1]).getJWTClaimsSet();
        assertEquals(acme[0], claims.getStringClaim("tenant_id"));
        assertEquals("owner", claims.getStringClaim("role"));

        Http.Answer tenant = Http.get(api + "/v1/tenant", Http.bearer(acme[1]));
        assertEquals(200, tenant.status(), tenant::toString);
        assertEquals(acme[0], tenant.json().path("id").asText());
        assertEquals("Acme", tenant.json().path("name").asText());

        String[] globex = signUp(email(), "Globex");
        Http.Answer theirs = Http.get(api + "/v1/tenant", Http.bearer(globex[1]));
        assertEquals(globex[0], theirs.json().path("id").asText());
        assertEquals("Globex", theirs.json().path("name").asText());

        // The only membership is chosen when none is asked for.
        var only = SignedJWT.parse(Http.token(backend, ada, null)).getJWTClaimsSet();
        assertEquals(acme[0], only.getStringClaim("tenant_id"));
    }

    @Test
    void token_forATenantTheUserIsNotAMemberOf_hasNoTenant_andIsRefusedThere_whileTheOwnersIsServed() throws Exception {
        String[] acme = signUp(email(), "Acme");
        String stranger = Http.token(backend, email(), acme[0]);

        assertEquals(null, SignedJWT.parse(stranger).getJWTClaimsSet().getStringClaim("tenant_id"));
        assertProblem(Http.get(api + "/v1/tenant", Http.bearer(stranger)), 403);
        assertEquals(200, Http.get(api + "/v1/tenant", Http.bearer(acme[1])).status());
    }

    @Test
    void token_withABadBody_is400_namingTheField() {
        assertProblem(Http.post(api + "/local/auth/token", "{}", Map.of()), 400);
        Http.Answer invalid = Http.post(api + "/local/auth/token", "{\"email\":\"not-an-email\"}", Map.of());
        assertProblem(invalid, 400);
        assertEquals("email", invalid.json().path("errors").get(0).path("field").asText());
        assertProblem(Http.post(api + "/local/auth/token", "{\"email\": 42}", Map.of()), 400);
        assertProblem(Http.post(api + "/local/auth/token", "not json", Map.of()), 400);
        assertProblem(Http.post(api + "/local/auth/token", "[]", Map.of()), 400);
        assertProblem(Http.post(api + "/local/auth/token", "{\"email\":\"a@b.test\",\"tenantId\":5}", Map.of()), 400);
        Http.Answer get = Http.get(api + "/local/auth/token");
        assertProblem(get, 405);
        assertEquals("POST", get.header("Allow"));
    }

    @Test
    void jwks_andDiscovery_describeTheIssuer() {
        JsonNode jwks = Http.get(api + "/local/auth/jwks.json").json();
        assertEquals("RSA", jwks.path("keys").get(0).path("kty").asText());
        assertFalse(jwks.path("keys").get(0).has("d"), "the private key must not be published");
        JsonNode discovery =
                Http.get(api + "/local/auth/.well-known/openid-configuration").json();
        assertEquals(backend.issuer(), discovery.path("issuer").asText());
        assertEquals(
                backend.api() + "/local/auth/jwks.json",
                discovery.path("jwks_uri").asText());
    }

    @Test
    void eachInvocation_logsOneReadableLine_withFunctionStatusDurationTenantAndRequestId() {
        String[] acme = signUp(email(), "Logged");
        Http.Answer tenant = Http.get(api + "/v1/tenant", Http.bearer(acme[1]));
        String requestId = tenant.header("X-Request-Id");
        List<String> lines = backend.console().linesWith("request=" + requestId);
        assertEquals(1, lines.size(), lines::toString);
        String line = lines.getFirst();
        assertTrue(
                line.matches("\\d{4}-\\d\\d-\\d\\dT.*Z GetTenantFunction +200 +\\d+ ms  tenant=" + acme[0] + " request="
                        + java.util.regex.Pattern.quote(requestId) + "  GET /v1/tenant"),
                line);
    }

    @Test
    void endpoints_nameTheEmulatorsAndResources() {
        JsonNode endpoints = Http.get(api + "/local/endpoints").json();
        var aws = backend.backend().aws().endpoints();
        assertEquals(aws.dynamodb().toString(), endpoints.path("dynamodb").asText());
        assertEquals(aws.sqs().toString(), endpoints.path("sqs").asText());
        assertEquals(aws.s3().toString(), endpoints.path("s3").asText());
        assertEquals("us-east-1", endpoints.path("region").asText());
        assertEquals(
                "TenantryTable",
                endpoints.path("resources").path("TenantryTable").asText());
        assertFalse(endpoints.path("resources").has("GetHealthFunction"));
        // The table really is there, under that name.
        assertTrue(
                backend.backend().clients().dynamoDb().listTables().tableNames().contains("TenantryTable"));
    }
}
