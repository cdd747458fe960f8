package io.tenantry.identity.handler;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.AccessTokenGeneration;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.ClaimsAndScopeOverrideDetails;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.IdTokenGeneration;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.tenantry.identity.model.TokenClaims;
import io.tenantry.identity.service.ClaimsService;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Cognito pre-token-generation trigger (event version 2): adds {@code tenant_id} and {@code role}
 * to the ID and access tokens, for the tenant named in the sign-in's client metadata ({@code
 * tenantId}) or the user's only tenant.
 */
public class PreTokenGenerationHandler
        extends MicronautRequestHandler<
                CognitoUserPoolPreTokenGenerationEventV2, CognitoUserPoolPreTokenGenerationEventV2> {
    @Inject
    ClaimsService claims;

    public PreTokenGenerationHandler() {}

    public PreTokenGenerationHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public CognitoUserPoolPreTokenGenerationEventV2 execute(CognitoUserPoolPreTokenGenerationEventV2 event) {
        var request = event.getRequest();
        Map<String, String> attributes = request.getUserAttributes() == null ? Map.of() : request.getUserAttributes();
        String email = attributes.get("email");
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("The user has no email attribute.");
        }
        Map<String, String> metadata = request.getClientMetadata() == null ? Map.of() : request.getClientMetadata();
        TokenClaims resolved = claims.resolve(email, Optional.ofNullable(metadata.get("tenantId")));
        Map<String, String> added = new HashMap<>(resolved.tenantClaims());
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
