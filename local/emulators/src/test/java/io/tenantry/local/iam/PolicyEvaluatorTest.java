package io.tenantry.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Evaluation logic, action and resource matching. */
class PolicyEvaluatorTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/tenantry";
    private static final String OTHER_TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/audit";

    private static Decision decide(PolicyDocument policy, String action, String resource) {
        return PolicyEvaluator.of(policy).evaluate(RequestContext.of(action, resource));
    }

    private static PolicyDocument allow(String actions, String resources) {
        return Fixtures.policy("""
                {"Sid": "Granted", "Effect": "Allow", "Action": %s, "Resource": %s}
                """.formatted(actions, resources));
    }

    @Test
    void withoutAnApplicableAllow_theRequestIsImplicitlyDenied() {
        PolicyDocument policy = allow("\"dynamodb:GetItem\"", "\"" + TABLE + "\"");

        Decision allowed = decide(policy, "dynamodb:GetItem", TABLE);
        Decision denied = decide(policy, "dynamodb:GetItem", OTHER_TABLE);

        assertTrue(allowed.allowed());
        assertEquals(
                Optional.of(new Decision.StatementRef(PolicyKind.IDENTITY, "inline", "Granted")), allowed.statement());
        assertEquals(Decision.Outcome.IMPLICIT_DENY, denied.outcome());
        assertEquals(Optional.of(PolicyKind.IDENTITY), denied.withoutAllow());
        assertEquals(Optional.empty(), denied.statement());
    }

    @Test
    void aRoleWithoutPolicies_isDeniedEverything() {
        assertEquals(
                Decision.Outcome.IMPLICIT_DENY,
                PolicyEvaluator.of(List.of())
                        .evaluate(RequestContext.of("dynamodb:GetItem", TABLE))
                        .outcome());
    }

    @Test
    void anExplicitDeny_winsOverAnAllow_inAnotherPolicyOfTheRole() {
        PolicyDocument allowAll = allow("\"dynamodb:*\"", "\"*\"");
        PolicyDocument denyAudit = PolicyDocument.parse("guard", """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "NoAudit", "Effect": "Deny", "Action": "dynamodb:*", "Resource": "%s"}]}
                """.formatted(OTHER_TABLE));
        PolicyEvaluator evaluator = PolicyEvaluator.of(allowAll, denyAudit);

        Decision denied = evaluator.evaluate(RequestContext.of("dynamodb:GetItem", OTHER_TABLE));
        Decision allowed = evaluator.evaluate(RequestContext.of("dynamodb:GetItem", TABLE));

        assertEquals(Decision.Outcome.EXPLICIT_DENY, denied.outcome());
        assertEquals(
                Optional.of(new Decision.StatementRef(PolicyKind.IDENTITY, "guard", "NoAudit")), denied.statement());
        assertTrue(allowed.allowed());
    }

    @Test
    void aSessionPolicy_narrowsTheRole_toWhatBothAllow() {
        PolicyEvaluator session = PolicyEvaluator.of(allow("[\"dynamodb:GetItem\", \"dynamodb:PutItem\"]", "\"*\""))
                .withSessionPolicy(allow("\"dynamodb:GetItem\"", "\"*\""));

        Decision get = session.evaluate(RequestContext.of("dynamodb:GetItem", TABLE));
        Decision put = session.evaluate(RequestContext.of("dynamodb:PutItem", TABLE));

        assertTrue(get.allowed());
        assertEquals(Decision.Outcome.IMPLICIT_DENY, put.outcome());
        assertEquals(Optional.of(PolicyKind.SESSION), put.withoutAllow());
    }

    @Test
    void aSessionPolicy_cannotWidenTheRole() {
        PolicyEvaluator session = PolicyEvaluator.of(allow("\"dynamodb:GetItem\"", "\"*\""))
                .withSessionPolicy(allow("\"dynamodb:*\"", "\"*\""));

        Decision scan = session.evaluate(RequestContext.of("dynamodb:Scan", TABLE));

        assertEquals(Optional.of(PolicyKind.IDENTITY), scan.withoutAllow());
        assertTrue(
                session.evaluate(RequestContext.of("dynamodb:GetItem", TABLE)).allowed());
    }

    @Test
    void aDenyInTheSessionPolicy_deniesExplicitly() {
        PolicyDocument sessionPolicy = Fixtures.policy("""
                {"Sid": "Reads", "Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
                {"Sid": "NoScan", "Effect": "Deny", "Action": "dynamodb:Scan", "Resource": "*"}
                """);
        PolicyEvaluator session =
                PolicyEvaluator.of(allow("\"dynamodb:*\"", "\"*\"")).withSessionPolicy(sessionPolicy);

        Decision scan = session.evaluate(RequestContext.of("dynamodb:Scan", TABLE));

        assertEquals(Decision.Outcome.EXPLICIT_DENY, scan.outcome());
        assertEquals(PolicyKind.SESSION, scan.statement().orElseThrow().kind());
        assertTrue(session.evaluate(RequestContext.of("dynamodb:Query", TABLE)).allowed());
    }

    @Test
    void actions_matchWithWildcards_andIgnoreCase() {
        PolicyDocument policy = allow("[\"dynamodb:Get*\", \"s3:?etObject\"]", "\"*\"");

        assertTrue(decide(policy, "dynamodb:GetItem", TABLE).allowed());
        assertTrue(decide(policy, "DynamoDB:getitem", TABLE).allowed());
        assertTrue(decide(policy, "s3:GetObject", "arn:aws:s3:::b/k").allowed());
        assertFalse(decide(policy, "dynamodb:BatchGetItem", TABLE).allowed());
        assertFalse(decide(policy, "s3:PutObjectAcl", "arn:aws:s3:::b/k").allowed());
    }

    @Test
    void aStarAction_matchesEveryService() {
        PolicyDocument policy = allow("\"*\"", "\"" + TABLE + "\"");

        assertTrue(decide(policy, "dynamodb:DeleteTable", TABLE).allowed());
        assertFalse(decide(policy, "dynamodb:DeleteTable", OTHER_TABLE).allowed());
    }

    @Test
    void resources_matchCaseSensitively() {
        PolicyDocument policy = allow("\"dynamodb:GetItem\"", "\"" + TABLE + "\"");

        assertTrue(decide(policy, "dynamodb:GetItem", TABLE).allowed());
        assertFalse(decide(policy, "dynamodb:GetItem", TABLE.replace("tenantry", "Tenantry"))
                .allowed());
    }

    @Test
    void aResourceWildcard_staysWithinItsComponent_unlessItEndsTheComponent() {
        PolicyDocument midComponent =
                allow("\"dynamodb:GetItem\"", "\"arn:aws:dynamodb:us-*-1:123456789012:table/tenantry\"");
        PolicyDocument endsComponent = allow("\"dynamodb:GetItem\"", "\"arn:aws:dynamodb:us-east-1:*\"");

        assertTrue(decide(midComponent, "dynamodb:GetItem", TABLE).allowed());
        assertFalse(
                decide(midComponent, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:x:y-1:123456789012:table/tenantry")
                        .allowed());
        assertTrue(decide(endsComponent, "dynamodb:GetItem", TABLE).allowed());
        assertFalse(decide(endsComponent, "dynamodb:GetItem", TABLE.replace("us-east-1", "eu-west-1"))
                .allowed());
    }

    @Test
    void aResourceWildcard_inTheResourcePart_spansSlashes() {
        PolicyDocument policy = allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/tenants/*/logo.png\"");

        assertTrue(decide(policy, "s3:GetObject", "arn:aws:s3:::bucket/tenants/a/b/logo.png")
                .allowed());
        assertFalse(decide(policy, "s3:GetObject", "arn:aws:s3:::bucket/tenants/a/logo.jpg")
                .allowed());
    }

    @Test
    void notAction_appliesToEveryActionButThoseListed() {
        PolicyDocument policy = Fixtures.policy("""
                {"Effect": "Allow", "NotAction": ["dynamodb:Scan", "dynamodb:PartiQL*"], "Resource": "*"}
                """);

        assertTrue(decide(policy, "dynamodb:Query", TABLE).allowed());
        assertFalse(decide(policy, "dynamodb:Scan", TABLE).allowed());
        assertFalse(decide(policy, "dynamodb:PartiQLSelect", TABLE).allowed());
    }

    @Test
    void notResource_appliesToEveryResourceButThoseListed() {
        PolicyDocument policy = Fixtures.policy("""
                {"Sid": "All", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "OnlyBucket", "Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::bucket/*"}
                """);

        assertTrue(decide(policy, "s3:GetObject", "arn:aws:s3:::bucket/a").allowed());
        assertEquals(
                Decision.Outcome.EXPLICIT_DENY,
                decide(policy, "s3:GetObject", "arn:aws:s3:::other/a").outcome());
    }

    @Test
    void requireAllowed_throwsAccessDenied_namingTheDecidingStatement() {
        PolicyDocument policy = Fixtures.policy("""
                {"Sid": "All", "Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
                {"Sid": "NoScan", "Effect": "Deny", "Action": "dynamodb:Scan", "Resource": "*"}
                """);
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);

        AccessDeniedException denied = assertThrows(
                AccessDeniedException.class,
                () -> evaluator
                        .evaluate(RequestContext.of("dynamodb:Scan", TABLE))
                        .requireAllowed());

        assertEquals(
                "Not authorized to perform: dynamodb:Scan on resource: " + TABLE
                        + " with an explicit deny in an identity-based policy (inline, statement NoScan)",
                denied.getMessage());
        assertTrue(evaluator
                .evaluate(RequestContext.of("dynamodb:Query", TABLE))
                .requireAllowed()
                .allowed());
    }

    @Test
    void theImplicitDenyMessage_namesThePolicyTypeWithoutAnAllow() {
        Decision denied = PolicyEvaluator.of(allow("\"dynamodb:*\"", "\"*\""))
                .withSessionPolicy(allow("\"dynamodb:GetItem\"", "\"*\""))
                .evaluate(RequestContext.of("dynamodb:PutItem", TABLE));

        assertEquals(
                "Not authorized to perform: dynamodb:PutItem on resource: " + TABLE
                        + " because no session policy allows the dynamodb:PutItem action",
                denied.message());
    }

    @Test
    void evaluateAll_allowsOnlyWhenEveryRequestIsAllowed() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(allow("\"dynamodb:*\"", "\"" + TABLE + "\""));
        RequestContext own = RequestContext.of("dynamodb:PutItem", TABLE);
        RequestContext other = RequestContext.of("dynamodb:PutItem", OTHER_TABLE);

        assertTrue(evaluator.evaluateAll(List.of(own, own)).allowed());
        Decision mixed = evaluator.evaluateAll(List.of(own, other));
        assertFalse(mixed.allowed());
        assertEquals(OTHER_TABLE, mixed.request().resource());
    }
}
