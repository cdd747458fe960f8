package io.tenantry.local.backend;

import static io.tenantry.local.backend.GatewayTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.nimbusds.jwt.SignedJWT;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract's identity rules end to end, over HTTP, with the local identity provider as a client
 * uses it: an invitation reaches only a token whose email is verified, then only the identity that
 * claimed it; a removed member and a demoted admin lose their power within 5 seconds; a plan is the
 * operator's, on the Lambda Invoke API. Each refusal is paired with the rightful caller's success.
 */
class InvitationFlowTest {
    static TestBackends.Running backend;
    static String api;

    @BeforeAll
    static void start() {
        backend = TestBackends.repository();
        api = backend.api();
    }

    static String email(String who) {
        return who + "-" + UUID.randomUUID() + "@example.test";
    }

    static String token(String body) {
        Http.Answer answer = Http.post(api + "/local/auth/token", body, Map.of());
        assertEquals(200, answer.status(), answer::toString);
        return answer.json().path("token").asText();
    }

    static String tenantOf(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("tenant_id");
    }

    /** A new tenant and its owner's token for it. */
    static String[] tenant() {
        String ada = email("ada");
        Http.Answer created =
                Http.post(api + "/v1/tenants", "{\"name\":\"Acme\"}", Http.bearer(Http.token(backend, ada, null)));
        assertEquals(201, created.status(), created::toString);
        String tenantId = created.json().path("id").asText();
        return new String[] {tenantId, Http.token(backend, ada, tenantId)};
    }

    static Http.Answer invite(String owner, String email, String role) {
        return Http.post(
                api + "/v1/users", "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}", Http.bearer(owner));
    }

    static void awaitStatus(String url, String token, int status) throws InterruptedException {
        long deadline = System.nanoTime() + 6_000_000_000L;
        int last;
        do {
            last = Http.get(url, Http.bearer(token)).status();
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        assertEquals(status, last, url + " within 5 seconds");
    }

    @Test
    void anUnverifiedEmail_reachesNoMembership_theVerifiedOneDoes_andThenNoOtherSubject() throws Exception {
        String[] acme = tenant();
        String grace = email("grace");
        Http.Answer invited = invite(acme[1], grace, "admin");
        assertEquals(201, invited.status(), invited::toString);
        assertEquals("invited", invited.json().path("status").asText());
        String memberId = invited.json().path("userId").asText();

        String unverified =
                token("{\"email\":\"" + grace + "\",\"tenantId\":\"" + acme[0] + "\",\"emailVerified\":false}");
        assertEquals(null, tenantOf(unverified));
        assertProblem(Http.get(api + "/v1/tenant", Http.bearer(unverified)), 403);

        String verified = token("{\"email\":\"" + grace + "\",\"tenantId\":\"" + acme[0] + "\"}");
        assertEquals(acme[0], tenantOf(verified));
        assertEquals(200, Http.get(api + "/v1/tenant", Http.bearer(verified)).status());
        Http.Answer member = Http.get(api + "/v1/users/" + memberId, Http.bearer(acme[1]));
        assertEquals("active", member.json().path("status").asText(), member::toString);
        assertEquals(
                memberId,
                Http.get(api + "/v1/me", Http.bearer(verified))
                        .json()
                        .path("userId")
                        .asText());

        String mallory = token(
                "{\"email\":\"" + grace + "\",\"tenantId\":\"" + acme[0] + "\",\"sub\":\"mallory-" + grace + "\"}");
        assertEquals(null, tenantOf(mallory));
        assertProblem(Http.get(api + "/v1/tenant", Http.bearer(mallory)), 403);
        assertNotEquals(
                memberId,
                Http.get(api + "/v1/me", Http.bearer(mallory))
                        .json()
                        .path("userId")
                        .asText());
    }

    @Test
    void aRemovedMember_isRefusedWithin5Seconds_whileTheOwnerGoesOn() throws Exception {
        String[] acme = tenant();
        String grace = email("grace");
        String memberId = invite(acme[1], grace, "member").json().path("userId").asText();
        String graceToken = token("{\"email\":\"" + grace + "\",\"tenantId\":\"" + acme[0] + "\"}");
        assertEquals(
                200, Http.get(api + "/v1/projects", Http.bearer(graceToken)).status());

        assertEquals(
                204,
                Http.send("DELETE", api + "/v1/users/" + memberId, Http.bearer(acme[1]), null)
                        .status());

        awaitStatus(api + "/v1/projects", graceToken, 403);
        assertEquals(200, Http.get(api + "/v1/projects", Http.bearer(acme[1])).status());
    }

    @Test
    void aDemotedAdmin_cannotAddUsersWithin5Seconds_whileTheOwnerCan() throws Exception {
        String[] acme = tenant();
        String grace = email("grace");
        String memberId = invite(acme[1], grace, "admin").json().path("userId").asText();
        String graceToken = token("{\"email\":\"" + grace + "\",\"tenantId\":\"" + acme[0] + "\"}");
        assertEquals(201, invite(graceToken, email("first"), "viewer").status());

        Http.Answer demoted = Http.send(
                "PATCH",
                api + "/v1/users/" + memberId,
                Map.of("authorization", "Bearer " + acme[1], "content-type", "application/json"),
                "{\"role\":\"viewer\"}".getBytes());
        assertEquals(200, demoted.status(), demoted::toString);

        awaitStatus(api + "/v1/invoices", graceToken, 403);
        assertProblem(invite(graceToken, email("next"), "viewer"), 403);
        assertEquals(201, invite(acme[1], email("next"), "viewer").status());
    }

    @Test
    void signingUpOnAPaidPlan_is403_andTheOperatorChangesThePlan_onTheLambdaInvokeApi() {
        String token = Http.token(backend, email("eve"), null);
        assertProblem(
                Http.post(api + "/v1/tenants", "{\"name\":\"Free lunch\",\"plan\":\"enterprise\"}", Http.bearer(token)),
                403);
        String[] acme = tenant();
        assertProblem(
                Http.send(
                        "PATCH",
                        api + "/v1/tenant",
                        Map.of("authorization", "Bearer " + acme[1], "content-type", "application/json"),
                        "{\"plan\":\"enterprise\"}".getBytes()),
                403);

        Http.Answer changed = Http.post(
                backend.lambda() + "/2015-03-31/functions/ChangeTenantPlanFunction/invocations",
                "{\"tenantId\":\"" + acme[0] + "\",\"plan\":\"pro\"}",
                Map.of());
        assertEquals(200, changed.status(), changed::toString);
        assertEquals("pro", changed.json().path("plan").asText(), changed::toString);
        assertEquals(
                "pro",
                Http.get(api + "/v1/tenant", Http.bearer(acme[1]))
                        .json()
                        .path("plan")
                        .asText());
    }
}
