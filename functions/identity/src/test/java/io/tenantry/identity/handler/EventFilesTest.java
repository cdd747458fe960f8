package io.tenantry.identity.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.http.ApiHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every identity function in template.yaml has a sample event in events/ that its handler accepts. */
@EmulatedAws
class EventFilesTest {
    static IdentityFixture fixture;
    static List<FunctionUnderTest> functions;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new IdentityFixture(aws, Map.of());
        functions = TemplateFunctions.inPackage(aws.template(), "io.tenantry.identity");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void everyFunction_answersItsSampleEvent() throws Exception {
        assertEquals(
                Set.of("GetHealthFunction", "GetMeFunction", "PreTokenGenerationFunction"),
                functions.stream().map(FunctionUnderTest::logicalId).collect(Collectors.toSet()));
        for (FunctionUnderTest function : functions) {
            Object handler = Class.forName(function.handlerClass())
                    .getConstructor(io.micronaut.context.ApplicationContext.class)
                    .newInstance(fixture.context);
            if (handler instanceof ApiHandler api) {
                ApiResult result = ApiResult.call(api, Events.load(function.eventFile(), APIGatewayV2HTTPEvent.class));
                assertEquals(200, result.status(), function + ": " + result);
            } else {
                var event = Events.load(function.eventFile(), CognitoUserPoolPreTokenGenerationEventV2.class);
                var result = ((PreTokenGenerationHandler) handler).handleRequest(event, null);
                assertNotNull(result.getResponse().getClaimsAndScopeOverrideDetails(), function.toString());
            }
        }
    }
}
