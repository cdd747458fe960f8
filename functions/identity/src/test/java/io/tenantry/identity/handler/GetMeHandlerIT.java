package io.tenantry.identity.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EmulatedAws
class GetMeHandlerIT {
    static IdentityFixture fixture;
    static GetMeHandler handler;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new IdentityFixture(aws, Map.of());
        handler = new GetMeHandler(fixture.context);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void me_listsEveryMembership_withTenantNamesAndRoles() {
        String email = IdentityFixture.freshEmail();
        String sub = "sub-" + email;
        String alpha =
                fixture.tenantWithMember("Alpha", "active", IdentityFixture.identity(sub, email, true), Role.OWNER);
        String beta =
                fixture.tenantWithMember("Beta", "active", IdentityFixture.identity(sub, email, true), Role.VIEWER);

        ApiResult result = ApiResult.call(handler, ApiEvent.of("GET", "/v1/me").user(sub, email));

        assertEquals(200, result.status(), result::toString);
        JsonNode me = result.json();
        assertTrue(me.path("userId").asText().startsWith("usr_"));
        assertEquals(email, me.path("email").asText());
        List<String> rows = new ArrayList<>();
        me.path("memberships")
                .forEach(m -> rows.add(m.path("tenantId").asText() + " "
                        + m.path("tenantName").asText() + " " + m.path("role").asText()));
        assertEquals(List.of(alpha + " Alpha owner", beta + " Beta viewer"), rows);
    }

    @Test
    void me_worksWithATokenOfAnyTenant_andShowsOnlyTheCallersOwnMemberships() {
        String mine = IdentityFixture.freshEmail();
        String other = IdentityFixture.freshEmail();
        String myTenant = fixture.tenantWithMember(
                "Mine", "active", IdentityFixture.identity("s-" + mine, mine, true), Role.MEMBER);
        fixture.tenantWithMember("Theirs", "active", IdentityFixture.identity(other, true), Role.OWNER);

        ApiResult result =
                ApiResult.call(handler, ApiEvent.of("GET", "/v1/me").member("s-" + mine, mine, myTenant, "member"));

        assertEquals(200, result.status(), result::toString);
        assertEquals(1, result.json().path("memberships").size());
        assertEquals(
                "Mine",
                result.json().path("memberships").get(0).path("tenantName").asText());
    }

    @Test
    void me_leavesOutTenantsBeingDeleted() {
        String email = IdentityFixture.freshEmail();
        fixture.tenantWithMember(
                "Leaving", "deleting", IdentityFixture.identity("s-" + email, email, true), Role.OWNER);
        ApiResult result = ApiResult.call(handler, ApiEvent.of("GET", "/v1/me").user("s-" + email, email));
        assertEquals(0, result.json().path("memberships").size());
    }

    @Test
    void me_forANewUser_hasAnIdAndNoMemberships_andTheIdIsStable() {
        String email = IdentityFixture.freshEmail();
        ApiResult first = ApiResult.call(handler, ApiEvent.of("GET", "/v1/me").user("s-" + email, email));
        ApiResult second =
                ApiResult.call(handler, ApiEvent.of("GET", "/v1/me").user("s-" + email, email.toUpperCase()));
        ApiResult otherSubject =
                ApiResult.call(handler, ApiEvent.of("GET", "/v1/me").user("t-" + email, email));
        assertEquals(200, first.status(), first::toString);
        assertEquals(first.json().path("userId"), second.json().path("userId"));
        assertTrue(first.json().path("memberships").isArray(), first::toString);
        assertEquals(0, first.json().path("memberships").size());
        assertNotEquals(first.json().path("userId"), otherSubject.json().path("userId"), "a user is (iss, sub)");
    }

    @Test
    void me_answers401_withoutAToken_orWithoutIssuerOrSubject_andServesATokenWithoutEmail() {
        ApiResult anonymous = ApiResult.call(handler, ApiEvent.of("GET", "/v1/me"));
        ApiResult noIssuer =
                ApiResult.call(handler, ApiEvent.of("GET", "/v1/me").claims(Map.of("sub", "s")));
        ApiResult noSubject = ApiResult.call(
                handler,
                ApiEvent.of("GET", "/v1/me").claims(Map.of("iss", io.tenantry.local.testkit.TestTokens.issuer())));
        ApiResult noEmail = ApiResult.call(
                handler,
                ApiEvent.of("GET", "/v1/me")
                        .claims(Map.of("iss", io.tenantry.local.testkit.TestTokens.issuer(), "sub", "no-email")));
        assertTrue(anonymous.isProblem(401), anonymous::toString);
        assertTrue(noIssuer.isProblem(401), noIssuer::toString);
        assertTrue(noSubject.isProblem(401), noSubject::toString);
        assertEquals(200, noEmail.status(), noEmail::toString);
    }
}
