package io.tenantry.identity.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.problem.ForbiddenException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EmulatedAws
class PreTokenGenerationHandlerTest {
    static IdentityFixture fixture;
    static PreTokenGenerationHandler handler;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new IdentityFixture(aws, Map.of());
        handler = new PreTokenGenerationHandler(fixture.context);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static CognitoUserPoolPreTokenGenerationEventV2 event(String email, String tenantId) {
        var event = Events.load(
                "events/identity/PreTokenGenerationFunction.json", CognitoUserPoolPreTokenGenerationEventV2.class);
        Map<String, String> attributes = new HashMap<>(event.getRequest().getUserAttributes());
        attributes.put("email", email);
        event.getRequest().setUserAttributes(attributes);
        Map<String, String> metadata = new HashMap<>();
        if (tenantId != null) {
            metadata.put("tenantId", tenantId);
        }
        event.getRequest().setClientMetadata(metadata);
        return event;
    }

    static Map<String, String> idTokenClaims(CognitoUserPoolPreTokenGenerationEventV2 result) {
        return result.getResponse()
                .getClaimsAndScopeOverrideDetails()
                .getIdTokenGeneration()
                .getClaimsToAddOrOverride();
    }

    @Test
    void trigger_addsTheOnlyMembership_toBothTokens() {
        String email = IdentityFixture.freshEmail();
        String tenant = fixture.tenantWithMember("Solo", "active", email, Role.ADMIN);

        var result = handler.handleRequest(event(email, null), null);

        assertEquals(Map.of("tenant_id", tenant, "role", "admin"), idTokenClaims(result));
        assertEquals(
                Map.of("tenant_id", tenant, "role", "admin"),
                result.getResponse()
                        .getClaimsAndScopeOverrideDetails()
                        .getAccessTokenGeneration()
                        .getClaimsToAddOrOverride());
    }

    @Test
    void trigger_usesTheTenantAskedFor_amongSeveral_andNoneWhenNotAsked() {
        String email = IdentityFixture.freshEmail();
        fixture.tenantWithMember("One", "active", email, Role.OWNER);
        String two = fixture.tenantWithMember("Two", "active", email, Role.MEMBER);

        assertEquals(
                Map.of("tenant_id", two, "role", "member"),
                idTokenClaims(handler.handleRequest(event(email, two), null)));
        assertTrue(
                idTokenClaims(handler.handleRequest(event(email, null), null)).isEmpty());
    }

    @Test
    void trigger_refusesATenantTheUserDoesNotBelongTo() {
        String email = IdentityFixture.freshEmail();
        String other = fixture.tenantWithMember("Other", "active", IdentityFixture.freshEmail(), Role.OWNER);
        assertThrows(ForbiddenException.class, () -> handler.handleRequest(event(email, other), null));
    }

    @Test
    void trigger_addsNoTenant_forAUserWithoutMemberships() {
        var result = handler.handleRequest(event(IdentityFixture.freshEmail(), null), null);
        assertTrue(idTokenClaims(result).isEmpty());
    }
}
