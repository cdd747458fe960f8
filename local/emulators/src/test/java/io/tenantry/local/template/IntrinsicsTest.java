package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {
    private static final SamTemplate TEMPLATE = SamTemplate.parse("""
            Parameters:
              Stage:
                Type: String
                Default: dev
              Origins:
                Type: CommaDelimitedList
                Default: "https://a.test, https://b.test"
              Retention:
                Type: Number
                Default: 30
              Issuer:
                Type: String
              Empty:
                Type: String
                Default: ""
            Mappings:
              Sizes:
                dev: {Memory: 512}
            Conditions:
              IsDev: !Equals [!Ref Stage, dev]
              IsProd: !Not [!Condition IsDev]
              DevWithoutIssuer: !And [!Condition IsDev, !Equals [!Ref Empty, ""]]
              DevOrProd: !Or [!Condition IsProd, !Condition IsDev]
              Loop: !Condition Loop
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  KeySchema: [{AttributeName: PK, KeyType: HASH}]
                  StreamSpecification: {StreamViewType: NEW_IMAGE}
              NamedTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: tenants
                  KeySchema: [{AttributeName: PK, KeyType: HASH}]
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  FifoQueue: true
              Uploads:
                Type: AWS::S3::Bucket
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: pkg.Worker
              Pool:
                Type: AWS::Cognito::UserPool
            """, "intrinsics.yaml");

    private final Intrinsics intrinsics =
            new Intrinsics(TEMPLATE, new TemplateResources(TEMPLATE, URI.create("http://127.0.0.1:9324")));

    private Object resolve(String yaml) {
        return intrinsics.resolve(
                CloudFormationYaml.parse("v: " + yaml, "value.yaml").get("v"), "Value");
    }

    @Test
    void ref_resolvesParameterDefaults_andListParameters() {
        assertEquals("dev", resolve("!Ref Stage"));
        assertEquals("30", resolve("!Ref Retention"));
        assertEquals(List.of("https://a.test", "https://b.test"), resolve("!Ref Origins"));
    }

    @Test
    void ref_prefersOverrides() {
        Intrinsics overridden = new Intrinsics(
                TEMPLATE, new TemplateResources(TEMPLATE, URI.create("http://sqs")), Map.of("Stage", "prod"));
        assertEquals("prod", overridden.resolve(Map.of("Ref", "Stage"), "Value"));
        assertTrue(overridden.condition("IsProd"));
    }

    @Test
    void ref_resolvesPseudoParameters() {
        assertEquals("us-east-1", resolve("!Ref AWS::Region"));
        assertEquals("000000000000", resolve("!Ref AWS::AccountId"));
        assertEquals("tenantry-local", resolve("!Ref AWS::StackName"));
        assertEquals("aws", resolve("!Ref AWS::Partition"));
        assertEquals("amazonaws.com", resolve("!Ref AWS::URLSuffix"));
    }

    @Test
    void ref_resolvesResourcesToLocalPhysicalNames() {
        assertEquals("Table", resolve("!Ref Table"));
        assertEquals("tenants", resolve("!Ref NamedTable"));
        assertEquals("http://127.0.0.1:9324/000000000000/Jobs.fifo", resolve("!Ref Jobs"));
        assertEquals("tenantry-uploads", resolve("!Ref Uploads"));
        assertEquals("Worker", resolve("!Ref Worker"));
    }

    @Test
    void getAtt_resolvesResourceAttributes() {
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/Table", resolve("!GetAtt Table.Arn"));
        assertTrue(((String) resolve("!GetAtt Table.StreamArn")).startsWith("arn:aws:dynamodb:"));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:Jobs.fifo", resolve("!GetAtt Jobs.Arn"));
        assertEquals("Jobs.fifo", resolve("!GetAtt Jobs.QueueName"));
        assertEquals("http://127.0.0.1:9324/000000000000/Jobs.fifo", resolve("!GetAtt [Jobs, QueueUrl]"));
        assertEquals("arn:aws:s3:::tenantry-uploads", resolve("!GetAtt Uploads.Arn"));
        assertEquals("tenantry-uploads.s3.amazonaws.com", resolve("!GetAtt Uploads.DomainName"));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:Worker", resolve("!GetAtt Worker.Arn"));
    }

    /** SAM's {@code !Ref <Function>.Alias}: the function's ARN qualified by the alias AutoPublishAlias publishes. */
    @Test
    void ref_ofAFunctionsAlias_isItsArnQualifiedByTheAlias() {
        SamTemplate aliased = SamTemplate.parse("""
                Globals:
                  Function:
                    AutoPublishAlias: live
                Resources:
                  Trigger:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: pkg.Trigger}
                  Own:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: pkg.Own, AutoPublishAlias: prod}
                  Table:
                    Type: AWS::DynamoDB::Table
                """, "aliased.yaml");
        Intrinsics local = new Intrinsics(aliased, new TemplateResources(aliased, URI.create("http://sqs")));

        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:Trigger:live",
                local.resolve(Map.of("Ref", "Trigger.Alias"), "Value"));
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:Own:prod",
                local.resolve(Map.of("Ref", "Own.Alias"), "Value"));
        TemplateException notAFunction =
                assertThrows(TemplateException.class, () -> local.resolve(Map.of("Ref", "Table.Alias"), "Value"));
        assertTrue(notAFunction.getMessage().contains("no function Table"), notAFunction.getMessage());
        TemplateException noAlias =
                assertThrows(TemplateException.class, () -> intrinsics.resolve(Map.of("Ref", "Worker.Alias"), "Value"));
        assertTrue(noAlias.getMessage().contains("has no AutoPublishAlias"), noAlias.getMessage());
    }

    @Test
    void brokenRules_namesEachFailedAssertion_ofTheRulesWhoseConditionHolds() {
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
                  Always:
                    Assertions:
                      - Assert: !Not [!Equals [!Ref Audience, "forbidden"]]
                Resources:
                  Queue: {Type: AWS::SQS::Queue}
                """, "ruled.yaml");
        TemplateResources resources = new TemplateResources(ruled, URI.create("http://sqs"));

        assertEquals(List.of(), new Intrinsics(ruled, resources).brokenRules());
        assertEquals(
                List.of("Rules.AudienceWithIssuer: Audience is required when Issuer is set."),
                new Intrinsics(ruled, resources, Map.of("Issuer", "https://idp.test")).brokenRules());
        assertEquals(
                List.of(),
                new Intrinsics(ruled, resources, Map.of("Issuer", "https://idp.test", "Audience", "client"))
                        .brokenRules());
        assertEquals(
                List.of("Rules.Always: an assertion fails"),
                new Intrinsics(ruled, resources, Map.of("Audience", "forbidden")).brokenRules());
    }

    @Test
    void sub_resolvesNamesAndResourceAttributes() {
        assertEquals(
                "dev-Table-arn:aws:s3:::tenantry-uploads-us-east-1",
                resolve("!Sub \"${Stage}-${Table}-${Uploads.Arn}-${AWS::Region}\""));
    }

    @Test
    void sub_listForm_usesTheVariableMapFirst() {
        assertEquals("x-Table-dev", resolve("!Sub [\"${Stage}-${T}-${S}\", {Stage: x, T: !Ref Table, S: !Ref Stage}]"));
    }

    @Test
    void sub_keepsEscapedLiterals() {
        assertEquals("${Literal}-dev", resolve("!Sub \"${!Literal}-${Stage}\""));
    }

    @Test
    void join_select_split() {
        assertEquals("a|dev|30", resolve("!Join [\"|\", [a, !Ref Stage, !Ref Retention]]"));
        assertEquals("https://a.test,https://b.test", resolve("!Join [\",\", !Ref Origins]"));
        assertEquals("https://b.test", resolve("!Select [1, !Ref Origins]"));
        assertEquals("c", resolve("!Select [\"2\", !Split [\"/\", a/b/c]]"));
        assertEquals(List.of("a", "", "b"), resolve("!Split [\",\", \"a,,b\"]"));
    }

    @Test
    void if_usesConditions() {
        assertEquals("yes", resolve("!If [IsDev, yes, no]"));
        assertEquals("no", resolve("!If [IsProd, yes, no]"));
        assertEquals("yes", resolve("!If [DevWithoutIssuer, yes, no]"));
        assertEquals("yes", resolve("!If [DevOrProd, yes, no]"));
        assertTrue(intrinsics.condition("IsDev"));
        assertFalse(intrinsics.condition("IsProd"));
    }

    @Test
    void if_evaluatesOnlyTheChosenBranch() {
        assertEquals("dev", resolve("!If [IsDev, !Ref Stage, !Ref Pool]"));
    }

    @Test
    void noValue_dropsTheKey() {
        Object resolved = resolve("{Keep: a, Drop: !If [IsDev, !Ref AWS::NoValue, b]}");
        assertEquals(Map.of("Keep", "a"), resolved);
        assertNull(resolve("!Ref AWS::NoValue"));
    }

    @Test
    void findInMap_base64_getAZs() {
        assertEquals(512, resolve("!FindInMap [Sizes, !Ref Stage, Memory]"));
        assertEquals("ZGV2", resolve("!Base64 {Ref: Stage}"));
        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), resolve("!GetAZs \"\""));
    }

    @Test
    void unresolvable_failsNamingThePath() {
        assertFails("!Ref Pool", "Value.Ref", "AWS::Cognito::UserPool has no local value");
        assertFails("!Ref Nothing", "Value.Ref", "Nothing");
        assertFails("!Ref Issuer", "Value.Ref", "Parameters.Issuer: no Default and no override");
        assertFails("!GetAtt Table.Bogus", "Value.Fn::GetAtt", "no local value for Bogus");
        assertFails("!GetAtt Missing.Arn", "Value.Fn::GetAtt", "no such resource");
        assertFails("!ImportValue shared-vpc", "Value.Fn::ImportValue", "cross-stack");
        assertFails("!Sub \"${Nothing}\"", "Value.Fn::Sub ${Nothing}", "Nothing");
        assertFails("!Select [5, [a]]", "Value.Fn::Select", "outside a list of 1");
        assertFails("!If [Loop, a, b]", "Conditions.Loop", "refers to itself");
        assertFails("!Join [\",\", [a, !Ref Pool]]", "Value.Fn::Join[1][1].Ref", "UserPool");
    }

    @Test
    void environment_failsNamingTheVariablesPath() {
        SamTemplate template = SamTemplate.parse("""
                Globals:
                  Function:
                    Environment:
                      Variables:
                        TABLE: !Ref Table
                        SHARED: global
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      KeySchema: [{AttributeName: PK, KeyType: HASH}]
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: pkg.Fn
                      Environment:
                        Variables:
                          SHARED: own
                          TIMEOUT: 30
                          BROKEN: !Ref Missing
                """, "env.yaml");
        Intrinsics local = new Intrinsics(template, new TemplateResources(template, URI.create("http://sqs")));
        TemplateException e = assertThrows(TemplateException.class, () -> local.environment(template.function("Fn")));
        assertTrue(
                e.getMessage().startsWith("Resources.Fn.Properties.Environment.Variables.BROKEN.Ref"), e.getMessage());
    }

    @Test
    void environment_mergesGlobalsWithOwnVariablesWinning() {
        SamTemplate template = SamTemplate.parse("""
                Globals:
                  Function:
                    Environment:
                      Variables:
                        TABLE: !Ref Table
                        SHARED: global
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: data
                      KeySchema: [{AttributeName: PK, KeyType: HASH}]
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: pkg.Fn
                      Environment:
                        Variables:
                          SHARED: own
                          TIMEOUT: 30
                """, "env.yaml");
        Intrinsics local = new Intrinsics(template, new TemplateResources(template, URI.create("http://sqs")));
        assertEquals(
                Map.of("TABLE", "data", "SHARED", "own", "TIMEOUT", "30"), local.environment(template.function("Fn")));
    }

    private void assertFails(String yaml, String pathPrefix, String reason) {
        TemplateException e = assertThrows(TemplateException.class, () -> resolve(yaml));
        assertTrue(e.getMessage().startsWith(pathPrefix), yaml + " -> " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), yaml + " -> " + e.getMessage());
    }
}
