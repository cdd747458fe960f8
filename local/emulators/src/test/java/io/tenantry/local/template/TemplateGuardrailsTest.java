package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Rules of the project's template.yaml that a deployment depends on and that neither cfn-lint nor the local stack
 * checks: each test reads the real template and names every resource that breaks its rule.
 */
class TemplateGuardrailsTest {
    static final SamTemplate TEMPLATE = SamTemplate.load(RealTemplateTest.templateFile());

    /** A function's own property, else the one of {@code Globals.Function}. */
    static Object effective(TemplateResource function, String property) {
        return function.properties().containsKey(property)
                ? function.properties().get(property)
                : TEMPLATE.functionGlobals().get(property);
    }

    static Map<String, Object> map(Object value, String path) {
        return Nodes.map(value, path);
    }

    static List<TemplateResource> ofType(String type) {
        return TEMPLATE.resources().values().stream()
                .filter(r -> r.type().equals(type))
                .toList();
    }

    // ------------------------------------------------------------------ SnapStart and /tmp

    /** Lambda refuses SnapStart on a function with more than 512 MB of ephemeral storage: the deploy fails. */
    @Test
    void everySnapStartFunction_hasAtMost512MbOfEphemeralStorage() {
        List<String> tooBig = new ArrayList<>();
        int snapStarted = 0;
        for (TemplateResource function : ofType(TemplateResource.FUNCTION)) {
            Map<String, Object> snapStart = map(effective(function, "SnapStart"), function.path("SnapStart"));
            if (!"PublishedVersions".equals(snapStart.get("ApplyOn"))) {
                continue;
            }
            snapStarted++;
            Map<String, Object> storage =
                    map(effective(function, "EphemeralStorage"), function.path("EphemeralStorage"));
            Integer size = Nodes.integer(storage.get("Size"), function.path("EphemeralStorage.Size"));
            if (size != null && size > 512) {
                tooBig.add(function.logicalId() + " (" + size + " MB)");
            }
        }
        assertEquals(TEMPLATE.functions().size(), snapStarted, "every function runs on SnapStart");
        assertEquals(List.of(), tooBig, "SnapStart allows at most 512 MB of /tmp");
    }

    // ------------------------------------------------------------------ Cognito

    static Intrinsics intrinsics(Map<String, String> parameters) {
        return new Intrinsics(TEMPLATE, new TemplateResources(TEMPLATE, URI.create("http://sqs")), parameters);
    }

    /** A reference to the function's published alias: SAM's {@code Function.Alias} or the alias resource it makes. */
    static boolean isAliasOf(Object reference, String function) {
        return reference instanceof Map<?, ?> ref
                && ref.size() == 1
                && (Objects.equals(ref.get("Ref"), function + ".Alias")
                        || Objects.equals(ref.get("Ref"), function + "Aliaslive"));
    }

    /** SnapStart runs published versions only: the trigger invokes the alias, and may only invoke that. */
    @Test
    void theUserPoolsTrigger_isTheFunctionsAlias_V2_andOnlyTheAliasMayBeInvokedByCognito() {
        TemplateResource pool = TEMPLATE.resource("UserPool");
        Map<String, Object> trigger = map(
                map(pool.properties().get("LambdaConfig"), "LambdaConfig").get("PreTokenGenerationConfig"),
                "PreTokenGenerationConfig");
        assertTrue(isAliasOf(trigger.get("LambdaArn"), "PreTokenGenerationFunction"), trigger::toString);
        assertEquals("V2_0", trigger.get("LambdaVersion"));
        assertFalse(
                map(pool.properties().get("LambdaConfig"), "LambdaConfig").containsKey("PreTokenGeneration"),
                "no V1 trigger beside it");
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:PreTokenGenerationFunction:live",
                intrinsics(Map.of()).resolve(trigger.get("LambdaArn"), pool.path("LambdaConfig")),
                "the local stack resolves the alias too");

        List<TemplateResource> permissions = ofType("AWS::Lambda::Permission").stream()
                .filter(p -> "cognito-idp.amazonaws.com".equals(p.properties().get("Principal")))
                .toList();
        assertEquals(1, permissions.size(), permissions::toString);
        Map<String, Object> permission = permissions.getFirst().properties();
        assertTrue(isAliasOf(permission.get("FunctionName"), "PreTokenGenerationFunction"), permission::toString);
        assertEquals(Map.of("Fn::GetAtt", List.of("UserPool", "Arn")), permission.get("SourceArn"));
        assertEquals("CreateUserPool", permissions.getFirst().condition());
    }

    @Test
    void theUserPool_verifiesAnEmailBeforeItChanges_andTheClientHidesWhichUsersExist() {
        Map<String, Object> pool = TEMPLATE.resource("UserPool").properties();
        assertEquals(List.of("email"), pool.get("AutoVerifiedAttributes"));
        assertEquals(
                List.of("email"),
                map(pool.get("UserAttributeUpdateSettings"), "UserAttributeUpdateSettings")
                        .get("AttributesRequireVerificationBeforeUpdate"));
        assertEquals("ENABLED", TEMPLATE.resource("UserPoolClient").properties().get("PreventUserExistenceErrors"));
    }

    /** An issuer without an audience would let the authorizer take that issuer's tokens for any client. */
    @Test
    void aJwtIssuer_withoutAnAudience_breaksARule_andTheStackIsRefused() {
        assertEquals(List.of(), intrinsics(Map.of()).brokenRules(), "the defaults: a Cognito user pool");
        List<String> broken =
                intrinsics(Map.of("JwtIssuer", "https://idp.test")).brokenRules();
        assertEquals(1, broken.size(), broken::toString);
        assertTrue(broken.getFirst().contains("JwtAudience"), broken::toString);
        assertEquals(
                List.of(),
                intrinsics(Map.of("JwtIssuer", "https://idp.test", "JwtAudience", "client-1"))
                        .brokenRules());
    }

    // ------------------------------------------------------------------ TLS only

    /**
     * Whether {@code policy} (a resource policy's document, resolved) has a statement that denies everyone every
     * action of {@code service} on every one of {@code resources} when the request is not made over TLS.
     */
    static boolean deniesInsecureTransport(Map<String, Object> policy, String service, List<String> resources) {
        for (Object entry : Nodes.list(policy.get("Statement"), "Statement")) {
            Map<String, Object> statement = map(entry, "Statement[]");
            Object principal = statement.get("Principal");
            boolean everyone = "*".equals(principal) || Map.of("AWS", "*").equals(principal);
            List<String> actions = Nodes.strings(statement.get("Action"), "Action");
            List<String> covered = Nodes.strings(statement.get("Resource"), "Resource");
            Map<String, Object> bool =
                    map(map(statement.get("Condition"), "Condition").get("Bool"), "Condition.Bool");
            if ("Deny".equals(statement.get("Effect"))
                    && everyone
                    && (actions.contains(service + ":*") || actions.contains("*"))
                    && (covered.contains("*") || covered.containsAll(resources))
                    && "false".equals(String.valueOf(bool.get("aws:SecureTransport")))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyBucket_hasOneBucketPolicy_thatDeniesRequestsNotMadeOverTls() {
        Intrinsics intrinsics = intrinsics(Map.of());
        List<String> uncovered = new ArrayList<>();
        List<TemplateResource> buckets = ofType(TemplateResource.BUCKET);
        assertFalse(buckets.isEmpty());
        for (TemplateResource bucket : buckets) {
            List<TemplateResource> policies = ofType("AWS::S3::BucketPolicy").stream()
                    .filter(p -> Map.of("Ref", bucket.logicalId())
                            .equals(p.properties().get("Bucket")))
                    .toList();
            String arn = intrinsics.resolveString(
                    Map.of("Fn::GetAtt", List.of(bucket.logicalId(), "Arn")), bucket.path("Arn"));
            boolean denied = policies.size() == 1
                    && deniesInsecureTransport(
                            map(
                                    intrinsics.resolve(
                                            policies.getFirst().properties().get("PolicyDocument"),
                                            policies.getFirst().path("PolicyDocument")),
                                    "PolicyDocument"),
                            "s3",
                            List.of(arn, arn + "/*"));
            if (!denied) {
                uncovered.add(bucket.logicalId() + " (" + policies.size() + " bucket policies)");
            }
        }
        assertEquals(List.of(), uncovered, "buckets whose one policy does not deny plain HTTP on it and its objects");
    }

    @Test
    void everyQueue_isInOneQueuePolicy_thatDeniesRequestsNotMadeOverTls() {
        Intrinsics intrinsics = intrinsics(Map.of());
        List<String> uncovered = new ArrayList<>();
        List<TemplateResource> queues = ofType(TemplateResource.QUEUE);
        assertFalse(queues.isEmpty());
        for (TemplateResource queue : queues) {
            List<TemplateResource> policies = ofType("AWS::SQS::QueuePolicy").stream()
                    .filter(p -> Nodes.list(p.properties().get("Queues"), p.path("Queues"))
                            .contains(Map.of("Ref", queue.logicalId())))
                    .toList();
            String arn = intrinsics.resolveString(
                    Map.of("Fn::GetAtt", List.of(queue.logicalId(), "Arn")), queue.path("Arn"));
            boolean denied = policies.size() == 1
                    && deniesInsecureTransport(
                            map(
                                    intrinsics.resolve(
                                            policies.getFirst().properties().get("PolicyDocument"),
                                            policies.getFirst().path("PolicyDocument")),
                                    "PolicyDocument"),
                            "sqs",
                            List.of(arn));
            if (!denied) {
                uncovered.add(queue.logicalId() + " (" + policies.size() + " queue policies)");
            }
        }
        assertEquals(
                List.of(),
                uncovered,
                "queues not in exactly one policy (a second replaces the first) that denies plain HTTP on them");
    }

    // ------------------------------------------------------------------ alarms

    @Test
    void everyAlarm_notifiesTheAlarmTopic_whenItFires_andWhenItClears() {
        List<TemplateResource> alarms = new ArrayList<>(ofType("AWS::CloudWatch::Alarm"));
        assertFalse(alarms.isEmpty());
        int own = alarms.size();
        alarms.addAll(OperationsTemplateTest.ofType(OperationsTemplateTest.MONITORING, "AWS::CloudWatch::Alarm"));
        assertTrue(alarms.size() > own, "the nested monitoring stack's alarms are read too");
        List<String> silent = new ArrayList<>();
        for (TemplateResource alarm : alarms) {
            for (String actions : List.of("AlarmActions", "OKActions")) {
                if (!Nodes.list(alarm.properties().get(actions), alarm.path(actions))
                        .contains(Map.of("Ref", "AlarmTopic"))) {
                    silent.add(alarm.logicalId() + "." + actions);
                }
            }
        }
        assertEquals(List.of(), silent, "alarms that do not name AlarmTopic");
    }

    /** CloudWatch cannot use the AWS-managed alias/aws/sns: its alarms' actions on such a topic fail. */
    @Test
    void theAlarmTopic_isEncrypted_withAKeyThatCloudWatchMayUse_andMailsAlarmEmailWhenItIsSet() {
        Map<String, Object> topic = TEMPLATE.resource("AlarmTopic").properties();
        assertEquals(Map.of("Ref", "AlarmTopicKey"), topic.get("KmsMasterKeyId"));
        TemplateResource key = TEMPLATE.resource("AlarmTopicKey");
        assertEquals("AWS::KMS::Key", key.type());
        boolean cloudWatchMayUseIt = Nodes.list(
                        map(key.properties().get("KeyPolicy"), key.path("KeyPolicy"))
                                .get("Statement"),
                        key.path("KeyPolicy.Statement"))
                .stream()
                .map(statement -> map(statement, key.path("KeyPolicy.Statement[]")))
                .anyMatch(statement -> "Allow".equals(statement.get("Effect"))
                        && Map.of("Service", "cloudwatch.amazonaws.com").equals(statement.get("Principal"))
                        && Nodes.strings(statement.get("Action"), "Action")
                                .containsAll(List.of("kms:Decrypt", "kms:GenerateDataKey*")));
        assertTrue(cloudWatchMayUseIt, key.properties()::toString);

        TemplateResource subscription = TEMPLATE.resource("AlarmEmailSubscription");
        assertEquals("email", subscription.properties().get("Protocol"));
        assertEquals(Map.of("Ref", "AlarmEmail"), subscription.properties().get("Endpoint"));
        assertEquals(Map.of("Ref", "AlarmTopic"), subscription.properties().get("TopicArn"));
        assertEquals("", TEMPLATE.parameters().get("AlarmEmail").defaultValue());
        assertFalse(intrinsics(Map.of()).condition(subscription.condition()), "nobody subscribed by default");
        assertTrue(intrinsics(Map.of("AlarmEmail", "ops@example.test")).condition(subscription.condition()));
    }
}
