package io.tenantry.identity.handler;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.AccessTokenGeneration;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.ClaimsAndScopeOverrideDetails;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.IdTokenGeneration;
import io.micronaut.context.ApplicationContext;
import io.tenantry.identity.model.TokenClaims;
import io.tenantry.identity.service.ClaimsService;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Claims;
import io.tenantry.shared.auth.EmailAddresses;
import io.tenantry.shared.json.EventHandler;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Cognito pre-token-generation trigger (event version 2): signs the user in by its identity (the
 * pool's issuer and the user's {@code sub}), accepting invitations only to a verified address, and
 * adds {@code tenant_id} and {@code role} — for the tenant named in the sign-in's client metadata
 * ({@code tenantId}) or the user's only tenant — and {@code email} and {@code email_verified} to the ID
 * and the access token, which carries no email claims of its own.
 */
public class PreTokenGenerationHandler
        extends EventHandler<CognitoUserPoolPreTokenGenerationEventV2, CognitoUserPoolPreTokenGenerationEventV2> {
    @Inject
    ClaimsService claims;

    @Inject
    FunctionMetrics metrics;

    private final InstanceStart start = new InstanceStart();

    public PreTokenGenerationHandler() {}

    public PreTokenGenerationHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public CognitoUserPoolPreTokenGenerationEventV2 execute(CognitoUserPoolPreTokenGenerationEventV2 event) {
        return metrics.invocation(getClass(), start, () -> addClaims(event));
    }

    private CognitoUserPoolPreTokenGenerationEventV2 addClaims(CognitoUserPoolPreTokenGenerationEventV2 event) {
        var request = event.getRequest();
        Map<String, String> attributes = request.getUserAttributes() == null ? Map.of() : request.getUserAttributes();
        String subject = attributes.get("sub");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("The user has no sub attribute.");
        }
        String issuer = "https://cognito-idp." + event.getRegion() + ".amazonaws.com/" + event.getUserPoolId();
        Optional<String> email = Optional.ofNullable(attributes.get("email"))
                .filter(EmailAddresses::isValid)
                .map(EmailAddresses::normalize);
        boolean verified = "true".equalsIgnoreCase(attributes.get("email_verified"));
        Caller caller = new Caller(issuer, subject, email, verified, Optional.empty(), Optional.empty());
        Map<String, String> metadata = request.getClientMetadata() == null ? Map.of() : request.getClientMetadata();
        TokenClaims resolved = claims.resolve(caller, Optional.ofNullable(metadata.get("tenantId")));
        Map<String, String> added = new HashMap<>(resolved.tenantClaims());
        email.ifPresent(e -> added.put(Claims.EMAIL, e));
        added.put(Claims.EMAIL_VERIFIED, Boolean.toString(verified));
        event.setResponse(CognitoUserPoolPreTokenGenerationEventV2.Response.builder()
                .withClaimsAndScopeOverrideDetails(ClaimsAndScopeOverrideDetails.builder()
                        .withIdTokenGeneration(IdTokenGeneration.builder()
                                .withClaimsToAddOrOverride(added)
                                .build())
                        .withAccessTokenGeneration(AccessTokenGeneration.builder()
                                .withClaimsToAddOrOverride(added)
                                .build())
                        .build())
                .build());
        return event;
    }
}
