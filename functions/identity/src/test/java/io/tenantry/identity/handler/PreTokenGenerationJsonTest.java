package io.tenantry.identity.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.AccessTokenGeneration;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.ClaimsAndScopeOverrideDetails;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.IdTokenGeneration;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.emulators.LambdaSerialization;
import io.tenantry.local.testkit.Events;
import io.tenantry.shared.json.EventJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cognito trigger reads its event and writes its answer itself ({@link PreTokenGenerationJson}): what it reads must
 * be what the runtime read, and what Cognito reads of its answer what it wrote, checked against the runtime's own
 * serialisers ({@link LambdaSerialization}).
 */
class PreTokenGenerationJsonTest {
    private static final String FILE = "events/identity/PreTokenGenerationFunction.json";
    static ApplicationContext context;
    static EventJson json;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        json = context.getBean(EventJson.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theRepositorysTriggerEvent_readsAsTheRuntimeReadsIt() throws IOException {
        CognitoUserPoolPreTokenGenerationEventV2 ours = json.read(
                new ByteArrayInputStream(Events.json(FILE).getBytes(StandardCharsets.UTF_8)),
                CognitoUserPoolPreTokenGenerationEventV2.class);

        assertEquals(Events.load(FILE, CognitoUserPoolPreTokenGenerationEventV2.class), ours);
        assertEquals("ada@example.com", ours.getRequest().getUserAttributes().get("email"));
        assertEquals("us-east-1_EXAMPLE1", ours.getUserPoolId());
    }

    @Test
    void theAnswer_readsBackAsWritten_underTheNamesCognitoReads() throws IOException {
        CognitoUserPoolPreTokenGenerationEventV2 trigger =
                Events.load(FILE, CognitoUserPoolPreTokenGenerationEventV2.class);
        trigger.setResponse(CognitoUserPoolPreTokenGenerationEventV2.Response.builder()
                .withClaimsAndScopeOverrideDetails(ClaimsAndScopeOverrideDetails.builder()
                        .withIdTokenGeneration(IdTokenGeneration.builder()
                                .withClaimsToAddOrOverride(Map.of("tenant_id", "ten_1", "role", "owner"))
                                .build())
                        .withAccessTokenGeneration(AccessTokenGeneration.builder()
                                .withClaimsToAddOrOverride(Map.of("tenant_id", "ten_1"))
                                .build())
                        .build())
                .build());

        byte[] written = json.write(trigger);

        // Cognito reads the response; the request's empty values are left out (the mapper's NON_EMPTY).
        assertEquals(
                trigger.getResponse(),
                LambdaSerialization.serializer(CognitoUserPoolPreTokenGenerationEventV2.class)
                        .fromJson(new ByteArrayInputStream(written))
                        .getResponse());
        assertEquals(
                "ten_1",
                new ObjectMapper()
                        .readTree(written)
                        .at(
                                "/response/claimsAndScopeOverrideDetails/accessTokenGeneration/claimsToAddOrOverride/tenant_id")
                        .asText());
    }
}
