package io.tenantry.local.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tenantry.identity.handler.GetMeHandler;
import io.tenantry.identity.service.ClaimsService;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.TokenVerifier;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EmulatedAws
class LocalTokenIssuerIT {
    static io.micronaut.context.ApplicationContext context;
    static LocalTokenIssuer issuer;
    static TokenVerifier verifier;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        context = io.micronaut.context.ApplicationContext.run(aws.micronautProperties("GetMeFunction"));
        issuer = new LocalTokenIssuer(
                context.getBean(ClaimsService.class),
                "http://127.0.0.1:3000/local/auth",
                "tenantry-local",
                Clock.systemUTC());
        verifier = new TokenVerifier(issuer.issuer(), issuer.audience(), issuer.jwksJson(), List.of("RS256"));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void issue_signsATokenThatVerifiesAgainstItsJwks_withAStableSubjectDerivedFromTheEmail() {
        String email = "local-" + UUID.randomUUID() + "@example.test";
        Map<String, String> claims = verifier.verify(issuer.issue(email, true, Optional.empty(), Optional.empty()));
        Map<String, String> again =
                verifier.verify(issuer.issue(email.toUpperCase(), true, Optional.empty(), Optional.empty()));

        assertEquals(LocalTokenIssuer.subjectOf(email), claims.get("sub"));
        assertEquals(claims.get("sub"), again.get("sub"));
        assertEquals(email, claims.get("email"));
        assertEquals("true", claims.get("email_verified"));
        assertFalse(claims.containsKey("tenant_id"));
    }

    @Test
    void issue_takesTheSubjectAndTheVerificationAskedFor() {
        String email = "local-" + UUID.randomUUID() + "@example.test";
        Map<String, String> claims =
                verifier.verify(issuer.issue(email, false, Optional.of("chosen"), Optional.empty()));
        assertEquals("chosen", claims.get("sub"));
        assertEquals("false", claims.get("email_verified"));
    }

    @Test
    void issue_givesNoTenantClaims_forATenantTheUserIsNotIn() {
        Map<String, String> claims = verifier.verify(issuer.issue(
                "nobody-" + UUID.randomUUID() + "@example.test",
                true,
                Optional.empty(),
                Optional.of("ten_01JD3Q5R7C0000000000000001")));
        assertFalse(claims.containsKey("tenant_id"));
        assertFalse(claims.containsKey("role"));
    }

    @Test
    void tokens_areAcceptedByHandlersThatVerifyThemselves() {
        var verifying = io.micronaut.context.ApplicationContext.run(Map.of(
                "tenantry.jwt.verify", "true",
                "tenantry.jwt.issuer", issuer.issuer(),
                "tenantry.jwt.audience", issuer.audience(),
                "tenantry.jwt.jwks", issuer.jwksJson(),
                "tenantry.table",
                        context.getBean(io.tenantry.shared.data.TableSettings.class)
                                .name(),
                "tenantry.endpoint.dynamodb",
                        context.getProperty("tenantry.endpoint.dynamodb", String.class)
                                .orElseThrow(),
                "tenantry.aws.access-key-id",
                        context.getProperty("tenantry.aws.access-key-id", String.class)
                                .orElse("local"),
                "tenantry.aws.secret-access-key",
                        context.getProperty("tenantry.aws.secret-access-key", String.class)
                                .orElse("local")));
        try {
            GetMeHandler me = new GetMeHandler(verifying);
            String email = "verified-" + UUID.randomUUID() + "@example.test";
            ApiResult ok = ApiResult.call(
                    me,
                    ApiEvent.of("GET", "/v1/me").bearer(issuer.issue(email, true, Optional.empty(), Optional.empty())));
            ApiResult none = ApiResult.call(me, ApiEvent.of("GET", "/v1/me"));
            assertEquals(200, ok.status(), ok::toString);
            assertEquals(email, ok.json().path("email").asText());
            assertEquals(401, none.status());
        } finally {
            verifying.close();
        }
    }
}
