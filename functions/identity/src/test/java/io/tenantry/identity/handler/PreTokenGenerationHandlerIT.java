package io.tenantry.identity.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@EmulatedAws
class PreTokenGenerationHandlerIT {
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

    /** The sample event's pool, as the issuer the trigger derives from the event. */
    static final String POOL_ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE1";

    static io.tenantry.shared.auth.Caller poolUser(String email) {
        return new io.tenantry.shared.auth.Caller(
                POOL_ISSUER,
                "sub-" + email,
                java.util.Optional.of(email),
                true,
                java.util.Optional.empty(),
                java.util.Optional.empty());
    }

    static CognitoUserPoolPreTokenGenerationEventV2 event(String email, String tenantId) {
        return event(email, tenantId, true);
    }

    static CognitoUserPoolPreTokenGenerationEventV2 event(String email, String tenantId, boolean verified) {
        var event = Events.load(
                "events/identity/PreTokenGenerationFunction.json", CognitoUserPoolPreTokenGenerationEventV2.class);
        Map<String, String> attributes = new HashMap<>(event.getRequest().getUserAttributes());
        attributes.put("email", email);
        attributes.put("sub", "sub-" + email);
        attributes.put("email_verified", Boolean.toString(verified));
        event.getRequest().setUserAttributes(attributes);
        Map<String, String> metadata = new HashMap<>();
        if (tenantId != null) {
            metadata.put("tenantId", tenantId);
        }
        event.getRequest().setClientMetadata(metadata);
        return event;
    }

    /** The tenant claims the trigger added to the ID token. */
    static Map<String, String> idTokenClaims(CognitoUserPoolPreTokenGenerationEventV2 result) {
        Map<String, String> claims = new HashMap<>(result.getResponse()
                .getClaimsAndScopeOverrideDetails()
                .getIdTokenGeneration()
                .getClaimsToAddOrOverride());
        claims.remove("email");
        claims.remove("email_verified");
        return claims;
    }

    @Test
    void trigger_addsTheOnlyMembership_toBothTokens() {
        String email = IdentityFixture.freshEmail();
        String tenant = fixture.tenantWithMember("Solo", "active", poolUser(email), Role.ADMIN);

        var result = handler.handleRequest(event(email, null), null);

        assertEquals(Map.of("tenant_id", tenant, "role", "admin"), idTokenClaims(result));
        assertEquals(
                Map.of("tenant_id", tenant, "role", "admin", "email", email, "email_verified", "true"),
                result.getResponse()
                        .getClaimsAndScopeOverrideDetails()
                        .getAccessTokenGeneration()
                        .getClaimsToAddOrOverride());
    }

    /**
     * Priming signs in an identity of no pool in every round: its user's write is stopped before it is sent, so the
     * table holds nothing more, no step fails and no id generator is left for the snapshot; the trigger then signs in
     * a real member as before.
     */
    @Test
    void priming_writesNothing_thenTheTriggerSignsInARealMember() {
        PrimingGuard guard = fixture.context.getBean(PrimingGuard.class);
        Priming priming = fixture.context.getBean(Priming.class);
        int itemsBefore = itemCount();
        int stopsBefore = guard.stops();
        int failuresBefore = priming.failures();

        handler.beforeCheckpoint(null);

        assertTrue(guard.stops() - stopsBefore >= 20, "the user's write, stopped in every round");
        assertEquals(failuresBefore, priming.failures(), "every round ran");
        assertEquals(itemsBefore, itemCount(), "priming left an item");
        assertFalse(Ids.hasGenerator(), "no id generator is left for the snapshot");
        String email = IdentityFixture.freshEmail();
        String tenant = fixture.tenantWithMember("Primed", "active", poolUser(email), Role.MEMBER);
        assertEquals(
                Map.of("tenant_id", tenant, "role", "member"),
                idTokenClaims(handler.handleRequest(event(email, null), null)));
    }

    static int itemCount() {
        DynamoDbClient dynamoDb = fixture.context.getBean(DynamoDbClient.class);
        String table = fixture.context.getBean(TableSettings.class).name();
        return dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
                .mapToInt(item -> 1)
                .sum();
    }

    @Test
    void trigger_usesTheTenantAskedFor_amongSeveral_andNoneWhenNotAsked() {
        String email = IdentityFixture.freshEmail();
        fixture.tenantWithMember("One", "active", poolUser(email), Role.OWNER);
        String two = fixture.tenantWithMember("Two", "active", poolUser(email), Role.MEMBER);

        assertEquals(
                Map.of("tenant_id", two, "role", "member"),
                idTokenClaims(handler.handleRequest(event(email, two), null)));
        assertTrue(
                idTokenClaims(handler.handleRequest(event(email, null), null)).isEmpty());
    }

    @Test
    void trigger_addsNoTenant_forATenantTheUserDoesNotBelongTo_andTheMembersTenantForTheMember() {
        String email = IdentityFixture.freshEmail();
        String owner = IdentityFixture.freshEmail();
        String other = fixture.tenantWithMember("Other", "active", poolUser(owner), Role.OWNER);
        assertTrue(
                idTokenClaims(handler.handleRequest(event(email, other), null)).isEmpty());
        assertEquals(
                Map.of("tenant_id", other, "role", "owner"),
                idTokenClaims(handler.handleRequest(event(owner, other), null)));
    }

    @Test
    void trigger_acceptsAnInvitation_onlyForAVerifiedAddress() {
        String email = IdentityFixture.freshEmail();
        String tenant = fixture.tenantWithInvitation(
                "Invited", email, Role.MEMBER, java.time.Instant.now().plusSeconds(3600));

        assertTrue(idTokenClaims(handler.handleRequest(event(email, tenant, false), null))
                .isEmpty());
        var verified = handler.handleRequest(event(email, tenant, true), null);
        assertEquals(Map.of("tenant_id", tenant, "role", "member"), idTokenClaims(verified));
        assertEquals(
                "true",
                verified.getResponse()
                        .getClaimsAndScopeOverrideDetails()
                        .getAccessTokenGeneration()
                        .getClaimsToAddOrOverride()
                        .get("email_verified"));
    }

    @Test
    void trigger_addsNoTenant_forAUserWithoutMemberships() {
        var result = handler.handleRequest(event(IdentityFixture.freshEmail(), null), null);
        assertTrue(idTokenClaims(result).isEmpty());
    }
}
