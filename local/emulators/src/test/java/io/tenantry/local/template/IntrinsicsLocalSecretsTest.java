package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsLocalSecretsTest {

    @Test
    void localSecrets_replacesSecretsManagerDynamicReferences_withAStableLocalValue() {
        assertEquals(
                "local-secret-CursorSecret",
                Intrinsics.localSecrets("{{resolve:secretsmanager:CursorSecret:SecretString}}"));
        assertEquals(
                "a local-secret-S b", Intrinsics.localSecrets("a {{resolve:secretsmanager:S:SecretString:key::}} b"));
        assertEquals("plain", Intrinsics.localSecrets("plain"));
    }

    @Test
    void theRealTemplate_givesEveryFunctionTheCursorSecretsArn_andNotItsValue() {
        SamTemplate template = SamTemplate.load(RealTemplateTest.templateFile());
        Intrinsics intrinsics =
                new Intrinsics(template, new TemplateResources(template, java.net.URI.create("http://sqs")));
        for (FunctionDefinition function : template.functions().values()) {
            Map<String, String> environment = intrinsics.environment(function);
            assertEquals(
                    "arn:aws:secretsmanager:us-east-1:000000000000:secret:CursorSecret-local",
                    environment.get("TENANTRY_CURSOR_SECRET_ID"),
                    function.logicalId());
            assertFalse(environment.containsKey("TENANTRY_CURSOR_SECRET"), function.logicalId());
        }
    }
}
