package io.tenantry.identity.handler;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.testing.EventFilesSuite;

/**
 * Every identity function answers its sample event as it implies; the Cognito trigger, neither a route nor a
 * worker, answers its event with claims to add.
 */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.identity");
    }

    @Override
    protected void answers(FunctionUnderTest function, Object handler) {
        var event = Events.load(function.eventFile(), CognitoUserPoolPreTokenGenerationEventV2.class);
        var result = ((PreTokenGenerationHandler) handler).handleRequest(event, null);
        assertNotNull(result.getResponse().getClaimsAndScopeOverrideDetails(), function.toString());
    }
}
