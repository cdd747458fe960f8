package io.tenantry.identity.handler;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * Cognito's pre-token-generation trigger (event version 2), as {@link PreTokenGenerationHandler} reads it and answers
 * it itself (shared {@code EventHandler}, {@code EventJson}): the names are the classes' own, as the runtime reads
 * them. Imported here, not in shared, so that no other function carries these classes' introspections.
 */
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.class)
@SerdeImport(CognitoUserPoolEvent.CallerContext.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.Request.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.GroupConfiguration.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.Response.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.ClaimsAndScopeOverrideDetails.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.IdTokenGeneration.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.AccessTokenGeneration.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.GroupOverrideDetails.class)
final class PreTokenGenerationJson {
    private PreTokenGenerationJson() {}
}
