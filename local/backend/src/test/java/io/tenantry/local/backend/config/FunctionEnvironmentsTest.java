package io.tenantry.local.backend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.function.EnvVarsFile;
import io.tenantry.local.function.FunctionEnvironments;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateResources;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionEnvironmentsTest {
    private static final SamTemplate TEMPLATE = SamTemplate.parse("""
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Stage: {Type: String, Default: dev}
              Secretish: {Type: String}
            Globals:
              Function:
                Environment:
                  Variables:
                    TABLE: !Ref Table
                    STAGE: !Ref Stage
                    MODE: shared
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties: {TableName: Things}
              Queue:
                Type: AWS::SQS::Queue
              A:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.A
                  Environment: {Variables: {QUEUE: !Ref Queue, MODE: fast}}
              B:
                Type: AWS::Serverless::Function
                Properties: {Handler: b.B, Environment: {Variables: {MODE: fast}}}
              C:
                Type: AWS::Serverless::Function
                Properties: {Handler: c.C}
            """, "test.yaml");

    private static FunctionEnvironments resolve(EnvVarsFile overrides) {
        TemplateParameters parameters = TemplateParameters.resolve(TEMPLATE, Map.of());
        Intrinsics intrinsics = new Intrinsics(
                TEMPLATE, new TemplateResources(TEMPLATE, URI.create("http://127.0.0.1:9324")), parameters.values());
        return FunctionEnvironments.resolve(TEMPLATE, intrinsics, overrides);
    }

    @Test
    void eachFunction_getsGlobalsThenItsOwn_intrinsicsResolved() {
        FunctionEnvironments environments = resolve(EnvVarsFile.none());
        assertEquals(
                Map.of(
                        "TABLE",
                        "Things",
                        "STAGE",
                        "dev",
                        "MODE",
                        "fast",
                        "QUEUE",
                        "http://127.0.0.1:9324/000000000000/Queue"),
                environments.of("A"));
        assertEquals(Map.of("TABLE", "Things", "STAGE", "dev", "MODE", "shared"), environments.of("C"));
    }

    @Test
    void union_takesTheValueMostFunctionsUse_andReportsTheConflict() {
        FunctionEnvironments environments = resolve(EnvVarsFile.none());
        assertEquals("fast", environments.union().get("MODE"));
        assertEquals(1, environments.conflicts().size());
        FunctionEnvironments.Conflict conflict = environments.conflicts().getFirst();
        assertEquals("MODE", conflict.variable());
        assertEquals(Map.of("fast", List.of("A", "B"), "shared", List.of("C")), conflict.functionsByValue());
        assertTrue(conflict.describe().contains("'shared' in C"), conflict.describe());
    }

    @Test
    void envVarsFile_overridesDeclaredVariablesOnly_functionSectionWinning() {
        EnvVarsFile file = EnvVarsFile.parse("""
                {"Parameters": {"STAGE": "local", "UNDECLARED": "x"}, "C": {"MODE": "fast", "STAGE": 7}}
                """, "env.json");
        FunctionEnvironments environments = resolve(file);
        assertEquals("local", environments.of("A").get("STAGE"));
        assertEquals("7", environments.of("C").get("STAGE"));
        assertEquals("fast", environments.of("C").get("MODE"));
        assertEquals(
                List.of("STAGE"),
                environments.conflicts().stream().map(c -> c.variable()).toList());
        assertEquals("local", environments.union().get("STAGE"));
        assertEquals(3, environments.ignoredOverrides().size());
        assertTrue(environments.ignoredOverrides().stream()
                .allMatch(o -> o.variable().equals("UNDECLARED")));
    }

    @Test
    void envVarsFile_thatIsNotAnObjectOfObjects_isRefusedClearly() {
        IllegalArgumentException notJson =
                assertThrows(IllegalArgumentException.class, () -> EnvVarsFile.parse("{", "env.json"));
        assertTrue(notJson.getMessage().startsWith("env.json is not valid JSON"), notJson.getMessage());
        IllegalArgumentException nested = assertThrows(
                IllegalArgumentException.class, () -> EnvVarsFile.parse("{\"A\": {\"X\": [1]}}", "env.json"));
        assertTrue(nested.getMessage().contains("A.X"), nested.getMessage());
    }

    @Test
    void parameters_withoutDefault_getALocalPlaceholder_andOverridesWin() {
        TemplateParameters parameters = TemplateParameters.resolve(TEMPLATE, Map.of("Stage", "qa"));
        assertEquals(Map.of("Stage", "qa", "Secretish", "local-Secretish"), parameters.values());
        assertEquals(List.of("Secretish=local-Secretish"), parameters.placeholders());
        assertThrows(IllegalArgumentException.class, () -> TemplateParameters.resolve(TEMPLATE, Map.of("Nope", "x")));
    }

    /** As CloudFormation refuses to create a stack whose parameters break its Rules, the local backend refuses to start. */
    @Test
    void parameters_thatBreakTheTemplatesRules_areRefused_naming_theRule() {
        SamTemplate ruled = SamTemplate.parse("""
                Parameters:
                  Issuer: {Type: String, Default: ""}
                  Audience: {Type: String, Default: ""}
                Rules:
                  AudienceWithIssuer:
                    RuleCondition: !Not [!Equals [!Ref Issuer, ""]]
                    Assertions:
                      - Assert: !Not [!Equals [!Ref Audience, ""]]
                        AssertDescription: Audience is required when Issuer is set.
                Resources:
                  Queue: {Type: AWS::SQS::Queue}
                """, "ruled.yaml");

        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> TemplateParameters.resolve(ruled, Map.of("Issuer", "https://idp.test")));
        assertTrue(
                refused.getMessage().contains("Rules.AudienceWithIssuer: Audience is required when Issuer is set."),
                refused.getMessage());
        assertEquals(Map.of(), TemplateParameters.resolve(ruled, Map.of()).values());
        assertEquals(
                Map.of("Issuer", "https://idp.test", "Audience", "client-1"),
                TemplateParameters.resolve(ruled, Map.of("Issuer", "https://idp.test", "Audience", "client-1"))
                        .values());
    }

    @Test
    void parameterOverrides_acceptSamsForms() {
        assertEquals(Map.of("A", "1", "B", "two"), TemplateParameters.parseOverrides("A=1 B=two"));
        assertEquals(
                Map.of("A", "1", "B", "x"),
                TemplateParameters.parseOverrides("ParameterKey=A,ParameterValue=1 ParameterKey=B,ParameterValue=x"));
    }
}
