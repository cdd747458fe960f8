package io.tenantry.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policies of AWS's documentation, decided as AWS describes them (the fixtures under {@code
 * iam/}). Where an example uses a web identity variable ({@code ${www.amazon.com:user_id}}) the
 * fixture uses a principal tag instead ({@code ${aws:PrincipalTag/UserId}}), which is how our
 * sessions carry identity; where an example is a bucket policy (with a Principal), the fixture is
 * the same statement as an identity-based policy.
 */
class AwsDocumentedExamplesTest {
    private static final String GAME_SCORES = "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores";
    private static final String BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket";
    private static final String TENANTRY = "arn:aws:dynamodb:us-east-1:123456789012:table/tenantry";

    // DynamoDB, "Grant permissions that limit access to items with a specific partition key value"
    // and "... to specific attributes" (fine-grained access control).
    private final PolicyEvaluator gameScores = PolicyEvaluator.of(Fixtures.load("dynamodb-leading-keys.json"));

    private static RequestContext player(String action, String... partitionKeys) {
        return RequestContext.of(action, GAME_SCORES)
                .withValues(RequestContexts.LEADING_KEYS, List.of(partitionKeys))
                .withPrincipalTags(Map.of("UserId", "player-1"));
    }

    @Test
    void leadingKeys_allowTheUsersOwnItems_andDenyAnotherUsers() {
        assertTrue(gameScores.evaluate(player("dynamodb:GetItem", "player-1")).allowed());
        assertFalse(gameScores.evaluate(player("dynamodb:GetItem", "player-2")).allowed());
    }

    @Test
    void leadingKeys_denyABatchThatMixesTheUsersKeysWithAnothers() {
        assertTrue(
                gameScores.evaluate(player("dynamodb:BatchGetItem", "player-1")).allowed());
        assertFalse(gameScores
                .evaluate(player("dynamodb:BatchGetItem", "player-1", "player-2"))
                .allowed());
    }

    @Test
    void attributes_allowTheListedOnes_andDenyAnyOther() {
        RequestContext listed = player("dynamodb:GetItem", "player-1")
                .withValues("dynamodb:Attributes", List.of("UserId", "TopScore"))
                .with("dynamodb:Select", "SPECIFIC_ATTRIBUTES");
        RequestContext unlisted = player("dynamodb:GetItem", "player-1")
                .withValues("dynamodb:Attributes", List.of("UserId", "PersonalDetails"))
                .with("dynamodb:Select", "SPECIFIC_ATTRIBUTES");

        assertTrue(gameScores.evaluate(listed).allowed());
        assertFalse(gameScores.evaluate(unlisted).allowed());
    }

    @Test
    void select_ifExists_allowsSpecificAttributes_andDeniesAllAttributes() {
        RequestContext specific = player("dynamodb:Query", "player-1").with("dynamodb:Select", "SPECIFIC_ATTRIBUTES");
        RequestContext all = player("dynamodb:Query", "player-1").with("dynamodb:Select", "ALL_ATTRIBUTES");

        assertTrue(gameScores.evaluate(specific).allowed());
        assertFalse(gameScores.evaluate(all).allowed());
    }

    @Test
    void leadingKeys_allowNothingWithoutTheTagTheVariableNames() {
        RequestContext untagged = RequestContext.of("dynamodb:GetItem", GAME_SCORES)
                .withValues(RequestContexts.LEADING_KEYS, List.of("player-1"));

        assertFalse(gameScores.evaluate(untagged).allowed());
        assertTrue(gameScores.evaluate(player("dynamodb:GetItem", "player-1")).allowed());
    }

    // IAM, "Allows IAM users to access their own home directory in Amazon S3, programmatically".
    private final PolicyEvaluator homeFolder = PolicyEvaluator.of(Fixtures.load("s3-home-folder.json"));

    private static RequestContext alice(RequestContext request) {
        return request.with("aws:username", "alice");
    }

    @Test
    void homeFolder_listsTheUsersOwnFolder_andNotAnothers() {
        assertTrue(homeFolder
                .evaluate(alice(RequestContexts.s3List("amzn-s3-demo-bucket", "home/alice/")))
                .allowed());
        assertFalse(homeFolder
                .evaluate(alice(RequestContexts.s3List("amzn-s3-demo-bucket", "home/bob/")))
                .allowed());
    }

    @Test
    void homeFolder_doesNotListTheBucketRoot_orTheHomeFolderItself() {
        assertFalse(homeFolder
                .evaluate(alice(RequestContexts.s3List("amzn-s3-demo-bucket", null)))
                .allowed());
        assertFalse(homeFolder
                .evaluate(alice(RequestContexts.s3List("amzn-s3-demo-bucket", "home/")))
                .allowed());
        assertTrue(homeFolder
                .evaluate(alice(RequestContexts.s3List("amzn-s3-demo-bucket", "home/alice/photos/")))
                .allowed());
    }

    @Test
    void homeFolder_readsWritesAndDeletesTheUsersObjects_andNotAnothers() {
        for (String operation : List.of("GetObject", "PutObject", "DeleteObject")) {
            assertTrue(homeFolder
                    .evaluate(alice(RequestContexts.s3Object(operation, "amzn-s3-demo-bucket", "home/alice/a.txt")))
                    .allowed());
            assertFalse(homeFolder
                    .evaluate(alice(RequestContexts.s3Object(operation, "amzn-s3-demo-bucket", "home/bob/a.txt")))
                    .allowed());
        }
    }

    // S3, "Enforce encryption of data in transit": deny any request over plain HTTP.
    private final PolicyEvaluator secureTransport = PolicyEvaluator.of(Fixtures.load("s3-secure-transport.json"));

    @Test
    void secureTransport_denyRefusesPlainHttp_andLetsHttpsThrough() {
        RequestContext get = RequestContext.of("s3:GetObject", BUCKET + "/report.csv");

        Decision https = secureTransport.evaluate(get.with("aws:SecureTransport", "true"));
        Decision http = secureTransport.evaluate(get.with("aws:SecureTransport", "false"));

        assertTrue(https.allowed());
        assertEquals(Decision.Outcome.EXPLICIT_DENY, http.outcome());
        assertEquals("DenyInsecureTransport", http.statement().orElseThrow().sid());
    }

    // IAM, "NotAction with Allow" and "DenyAllUsersNotUsingMFA" (NotAction with Deny, BoolIfExists).
    private final PolicyEvaluator notAction = PolicyEvaluator.of(Fixtures.load("not-action.json"));

    @Test
    void notAction_allowsEverythingButIam() {
        RequestContext withMfa =
                RequestContext.of("s3:GetObject", BUCKET + "/a").with("aws:MultiFactorAuthPresent", "true");

        assertTrue(notAction.evaluate(withMfa).allowed());
        assertFalse(notAction
                .evaluate(RequestContext.of("iam:CreateUser", "arn:aws:iam::123456789012:user/eve")
                        .with("aws:MultiFactorAuthPresent", "true"))
                .allowed());
    }

    @Test
    void notActionDeny_refusesNonIamActionsWithoutMfa_andBoolIfExistsCoversTheAbsentKey() {
        RequestContext withoutMfa =
                RequestContext.of("s3:GetObject", BUCKET + "/a").with("aws:MultiFactorAuthPresent", "false");
        RequestContext longTermKeys = RequestContext.of("s3:GetObject", BUCKET + "/a");
        RequestContext withMfa =
                RequestContext.of("s3:GetObject", BUCKET + "/a").with("aws:MultiFactorAuthPresent", "true");

        assertEquals(
                Decision.Outcome.EXPLICIT_DENY, notAction.evaluate(withoutMfa).outcome());
        assertEquals(
                Decision.Outcome.EXPLICIT_DENY, notAction.evaluate(longTermKeys).outcome());
        assertTrue(notAction.evaluate(withMfa).allowed());
    }

    // IAM, ForAllValues: "also returns true if there are no context keys in the request". A policy
    // that lists Scan and guards it with ForAllValues on LeadingKeys lets a keyless Scan through.
    @Test
    void forAllValues_letsAKeylessScanThrough_theDocumentedPitfall() {
        PolicyEvaluator unguarded = PolicyEvaluator.of(Fixtures.load("leading-keys-without-guard.json"));
        RequestContext scan =
                RequestContexts.dynamoDb("Scan", TENANTRY, List.of()).withPrincipalTags(Map.of("TenantId", "a"));
        RequestContext otherTenant = RequestContexts.dynamoDb("GetItem", TENANTRY, List.of("TENANT#b"))
                .withPrincipalTags(Map.of("TenantId", "a"));

        assertTrue(unguarded.evaluate(scan).allowed(), "IAM allows this Scan of every tenant's items");
        assertFalse(unguarded.evaluate(otherTenant).allowed());
    }

    @Test
    void aNullFalseGuard_closesThePitfall_andKeepsTheTenantsOwnItems() {
        PolicyEvaluator guarded = PolicyEvaluator.of(Fixtures.load("leading-keys-with-guard.json"));
        RequestContext scan =
                RequestContexts.dynamoDb("Scan", TENANTRY, List.of()).withPrincipalTags(Map.of("TenantId", "a"));
        RequestContext own = RequestContexts.dynamoDb("Query", TENANTRY, List.of("TENANT#a"))
                .withPrincipalTags(Map.of("TenantId", "a"));

        assertFalse(guarded.evaluate(scan).allowed());
        assertTrue(guarded.evaluate(own).allowed());
    }

    // IAM, "Policy evaluation logic": an explicit deny in any policy overrides any allow.
    @Test
    void explicitDeny_overridesAnAllowOfTheSameAction() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(
                Fixtures.policy("{\"Effect\": \"Allow\", \"Action\": \"dynamodb:*\", \"Resource\": \"*\"}"),
                Fixtures.policy("""
                        {"Sid": "ProtectTable", "Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "%s"}
                        """.formatted(TENANTRY)));

        assertEquals(
                Decision.Outcome.EXPLICIT_DENY,
                evaluator
                        .evaluate(RequestContext.of("dynamodb:DeleteTable", TENANTRY))
                        .outcome());
        assertTrue(evaluator
                .evaluate(RequestContext.of("dynamodb:DescribeTable", TENANTRY))
                .allowed());
    }

    // IAM, "Session policies": the session's permissions are the intersection of the role's
    // identity-based policies and the session policy.
    @Test
    void sessionPolicy_grantsOnlyWhatTheRoleAlsoGrants() {
        PolicyEvaluator session = PolicyEvaluator.of(Fixtures.policy("""
                        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "%s/*"}
                        """.formatted(BUCKET)))
                .withSessionPolicy(Fixtures.policy("""
                        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": "%s/*"}
                        """.formatted(BUCKET)));

        assertTrue(session.evaluate(RequestContext.of("s3:GetObject", BUCKET + "/a"))
                .allowed());
        assertFalse(session.evaluate(RequestContext.of("s3:PutObject", BUCKET + "/a"))
                .allowed());
        assertFalse(session.evaluate(RequestContext.of("s3:DeleteObject", BUCKET + "/a"))
                .allowed());
    }

    // IAM, "Resource" element: "arn:aws:s3:::amzn-s3-demo-bucket/*" is every object of the bucket,
    // and not the bucket itself.
    @Test
    void bucketWildcard_coversEveryObject_butNotTheBucket() {
        PolicyDocument policy = Fixtures.policy("""
                {"Effect": "Allow", "Action": "s3:*", "Resource": "%s/*"}
                """.formatted(BUCKET));

        assertTrue(PolicyEvaluator.of(policy)
                .evaluate(RequestContext.of("s3:GetObject", BUCKET + "/a/b/c"))
                .allowed());
        assertFalse(PolicyEvaluator.of(policy)
                .evaluate(RequestContext.of("s3:ListBucket", BUCKET))
                .allowed());
    }
}
