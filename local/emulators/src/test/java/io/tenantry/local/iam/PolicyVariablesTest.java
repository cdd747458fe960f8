package io.tenantry.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyVariablesTest {
    private static final String BUCKET = "arn:aws:s3:::bucket";

    private static final PolicyDocument OWN_FOLDER = Fixtures.policy("""
            {"Sid": "OwnFolder", "Effect": "Allow", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::bucket/tenants/${aws:PrincipalTag/TenantId}/*"}
            """);

    private static RequestContext getObject(String key) {
        return RequestContext.of("s3:GetObject", BUCKET + "/" + key);
    }

    @Test
    void principalTagInResource_reachesTheTaggedTenantsFolder_andNoOther() {
        Map<String, String> tags = Map.of("TenantId", "a");
        PolicyEvaluator evaluator = PolicyEvaluator.of(OWN_FOLDER);

        assertTrue(evaluator
                .evaluate(getObject("tenants/a/logo.png").withPrincipalTags(tags))
                .allowed());
        assertFalse(evaluator
                .evaluate(getObject("tenants/b/logo.png").withPrincipalTags(tags))
                .allowed());
    }

    @Test
    void variableNames_areCaseInsensitive() {
        PolicyDocument policy = Fixtures.policy("""
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${AWS:PRINCIPALTAG/tenantid}/*"}
                """);

        assertTrue(PolicyEvaluator.of(policy)
                .evaluate(getObject("a/x").withPrincipalTags(Map.of("TenantId", "a")))
                .allowed());
        assertFalse(PolicyEvaluator.of(policy)
                .evaluate(getObject("b/x").withPrincipalTags(Map.of("TenantId", "a")))
                .allowed());
    }

    @Test
    void variableInConditionValue_isFilledInFromTheRequest() {
        PolicyDocument policy = Fixtures.policy("""
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket",
                 "Condition": {"StringLike": {"s3:prefix": "home/${aws:username}/*"}}}
                """);
        RequestContext alice = RequestContext.of("s3:ListBucket", BUCKET).with("aws:username", "alice");

        assertTrue(PolicyEvaluator.of(policy)
                .evaluate(alice.with("s3:prefix", "home/alice/"))
                .allowed());
        assertFalse(PolicyEvaluator.of(policy)
                .evaluate(alice.with("s3:prefix", "home/bob/"))
                .allowed());
    }

    @Test
    void anUnresolvableVariable_makesAnAllowNotMatch() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(OWN_FOLDER);

        Decision withoutTag = evaluator.evaluate(getObject("tenants/a/logo.png"));
        Decision withTag =
                evaluator.evaluate(getObject("tenants/a/logo.png").withPrincipalTags(Map.of("TenantId", "a")));

        assertEquals(Decision.Outcome.IMPLICIT_DENY, withoutTag.outcome());
        assertTrue(withTag.allowed());
    }

    @Test
    void anUnresolvableVariable_makesADenyNotMatchEither_soItDeniesNothing() {
        PolicyDocument policy = Fixtures.policy("""
                {"Sid": "All", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "NotOthers", "Effect": "Deny", "Action": "s3:GetObject",
                 "NotResource": "arn:aws:s3:::bucket/tenants/${aws:PrincipalTag/TenantId}/*"}
                """);
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);

        Decision tagged = evaluator.evaluate(getObject("tenants/b/x").withPrincipalTags(Map.of("TenantId", "a")));
        Decision untagged = evaluator.evaluate(getObject("tenants/b/x"));

        assertEquals(Decision.Outcome.EXPLICIT_DENY, tagged.outcome());
        assertTrue(untagged.allowed(), "a Deny whose variable cannot be filled in does not apply, as in IAM");
    }

    @Test
    void anUnresolvableVariableInAConditionValue_makesTheStatementNotMatch_evenUnderANegatedOperator() {
        PolicyDocument policy = Fixtures.policy("""
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket",
                 "Condition": {"StringNotEquals": {"s3:prefix": "${aws:username}/"}}}
                """);
        RequestContext request = RequestContext.of("s3:ListBucket", BUCKET).with("s3:prefix", "public/");

        assertFalse(PolicyEvaluator.of(policy).evaluate(request).allowed());
        assertTrue(PolicyEvaluator.of(policy)
                .evaluate(request.with("aws:username", "alice"))
                .allowed());
    }

    @Test
    void aMultivaluedKey_cannotBeAVariable() {
        PolicyDocument policy = Fixtures.policy("""
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${aws:TagKeys}/*"}
                """);

        assertFalse(PolicyEvaluator.of(policy)
                .evaluate(getObject("a/x").withValues("aws:TagKeys", List.of("a")))
                .allowed());
        assertTrue(PolicyEvaluator.of(policy)
                .evaluate(getObject("a/x").with("aws:TagKeys", "a"))
                .allowed());
    }

    @Test
    void escapes_standForALiteralStarQuestionMarkAndDollar() {
        PolicyDocument policy = Fixtures.policy("""
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${*}${?}${$}"}
                """);
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);

        assertTrue(evaluator.evaluate(getObject("*?$")).allowed());
        assertFalse(evaluator.evaluate(getObject("ab$")).allowed());
        assertFalse(evaluator.evaluate(getObject("*?x")).allowed());
    }

    @Test
    void withoutVersion2012_variablesAreLiteralText() {
        String statement = """
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${aws:username}"}
                """;
        PolicyDocument legacy = PolicyDocument.parse("{\"Version\": \"2008-10-17\", \"Statement\": " + statement + "}");
        PolicyDocument unversioned = PolicyDocument.parse("{\"Statement\": " + statement + "}");
        RequestContext literal = getObject("${aws:username}").with("aws:username", "alice");
        RequestContext substituted = getObject("alice").with("aws:username", "alice");

        assertTrue(PolicyEvaluator.of(legacy).evaluate(literal).allowed());
        assertFalse(PolicyEvaluator.of(legacy).evaluate(substituted).allowed());
        assertTrue(PolicyEvaluator.of(unversioned).evaluate(literal).allowed());
        assertTrue(PolicyEvaluator.of(Fixtures.policy(statement))
                .evaluate(substituted)
                .allowed());
    }

    @Test
    void aVariableValueHoldingAWildcard_throws_ratherThanGuessHowIamMatchesIt() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(OWN_FOLDER);

        assertThrows(
                PolicyException.class,
                () -> evaluator.evaluate(getObject("tenants/a/x").withPrincipalTags(Map.of("TenantId", "*"))));
        assertTrue(evaluator
                .evaluate(getObject("tenants/a/x").withPrincipalTags(Map.of("TenantId", "a")))
                .allowed());
    }
}
