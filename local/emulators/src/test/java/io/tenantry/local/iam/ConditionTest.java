package io.tenantry.local.iam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each operator, set operator and combining rule: an allow paired with its deny. */
class ConditionTest {
    private static final String BUCKET = "arn:aws:s3:::bucket";

    /** Whether a statement with this Condition block allows s3:ListBucket on a request so built. */
    private static boolean allows(String conditionBlock, UnaryOperator<RequestContext> request) {
        PolicyDocument policy = Fixtures.policy("""
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "%s", "Condition": %s}
                """.formatted(BUCKET, conditionBlock));
        return PolicyEvaluator.of(policy)
                .evaluate(request.apply(RequestContext.of("s3:ListBucket", BUCKET)))
                .allowed();
    }

    private static UnaryOperator<RequestContext> key(String key, String value) {
        return request -> request.with(key, value);
    }

    private static UnaryOperator<RequestContext> keys(String key, String... values) {
        return request -> request.withValues(key, List.of(values));
    }

    private static final UnaryOperator<RequestContext> NO_KEY = request -> request;

    @Test
    void stringEquals_matchesTheExactValue_caseSensitively() {
        String block = "{\"StringEquals\": {\"aws:username\": \"alice\"}}";

        assertTrue(allows(block, key("aws:username", "alice")));
        assertFalse(allows(block, key("aws:username", "Alice")));
        assertFalse(allows(block, NO_KEY));
    }

    @Test
    void stringNotEquals_holdsForAnyOtherValue_andForAnAbsentKey() {
        String block = "{\"StringNotEquals\": {\"aws:username\": [\"alice\", \"bob\"]}}";

        assertTrue(allows(block, key("aws:username", "carol")));
        assertTrue(allows(block, NO_KEY));
        assertFalse(allows(block, key("aws:username", "bob")));
    }

    @Test
    void stringEqualsIgnoreCase_ignoresCase_andItsNegationRefusesEveryCasing() {
        assertTrue(allows("{\"StringEqualsIgnoreCase\": {\"aws:username\": \"alice\"}}", key("aws:username", "ALICE")));
        assertFalse(allows("{\"StringEqualsIgnoreCase\": {\"aws:username\": \"alice\"}}", key("aws:username", "bob")));
        assertTrue(
                allows("{\"StringNotEqualsIgnoreCase\": {\"aws:username\": \"alice\"}}", key("aws:username", "bob")));
        assertFalse(
                allows("{\"StringNotEqualsIgnoreCase\": {\"aws:username\": \"alice\"}}", key("aws:username", "Alice")));
    }

    @Test
    void stringEquals_takesAWildcardLiterally() {
        String block = "{\"StringEquals\": {\"s3:prefix\": \"home/*\"}}";

        assertTrue(allows(block, key("s3:prefix", "home/*")));
        assertFalse(allows(block, key("s3:prefix", "home/alice")));
    }

    @Test
    void stringLike_matchesStarAndQuestionMark() {
        String block = "{\"StringLike\": {\"s3:prefix\": \"home/?/*\"}}";

        assertTrue(allows(block, key("s3:prefix", "home/a/")));
        assertTrue(allows(block, key("s3:prefix", "home/a/docs/2026")));
        assertFalse(allows(block, key("s3:prefix", "home/ab/")));
        assertFalse(allows(block, key("s3:prefix", "home/")));
    }

    @Test
    void stringNotLike_holdsWhenNoPatternMatches_andForAnAbsentKey() {
        String block = "{\"StringNotLike\": {\"s3:prefix\": [\"private/*\", \"secret*\"]}}";

        assertTrue(allows(block, key("s3:prefix", "public/")));
        assertTrue(allows(block, NO_KEY));
        assertFalse(allows(block, key("s3:prefix", "secrets/")));
    }

    @Test
    void arnLike_matchesComponentByComponent_withoutCrossingColonsBeforeTheResource() {
        String block = "{\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:sqs:*:123456789012:tenant-*\"}}";

        assertTrue(allows(block, key("aws:SourceArn", "arn:aws:sqs:us-east-1:123456789012:tenant-jobs")));
        assertFalse(allows(block, key("aws:SourceArn", "arn:aws:sqs:us-east-1:999999999999:tenant-jobs")));
        assertFalse(allows(
                "{\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:sqs:*:tenant-jobs\"}}",
                key("aws:SourceArn", "arn:aws:sqs:us-east-1:123456789012:tenant-jobs")));
    }

    @Test
    void arnEquals_takesWildcardsLikeArnLike_andArnNotLikeNegatesIt() {
        String arn = "arn:aws:s3:::bucket/tenants/a/x";

        assertTrue(
                allows("{\"ArnEquals\": {\"aws:SourceArn\": \"arn:aws:s3:::bucket/*\"}}", key("aws:SourceArn", arn)));
        assertFalse(
                allows("{\"ArnEquals\": {\"aws:SourceArn\": \"arn:aws:s3:::other/*\"}}", key("aws:SourceArn", arn)));
        assertTrue(
                allows("{\"ArnNotLike\": {\"aws:SourceArn\": \"arn:aws:s3:::other/*\"}}", key("aws:SourceArn", arn)));
        assertFalse(allows(
                "{\"ArnNotEquals\": {\"aws:SourceArn\": \"arn:aws:s3:::bucket/*\"}}", key("aws:SourceArn", arn)));
    }

    @Test
    void bool_matchesTrueOrFalse_andIsFalseForAnAbsentKey() {
        String block = "{\"Bool\": {\"aws:SecureTransport\": \"true\"}}";

        assertTrue(allows(block, key("aws:SecureTransport", "true")));
        assertFalse(allows(block, key("aws:SecureTransport", "false")));
        assertFalse(allows(block, NO_KEY));
    }

    @Test
    void null_true_holdsOnlyWhenTheKeyIsAbsent_andFalseOnlyWhenPresent() {
        assertTrue(allows("{\"Null\": {\"aws:TokenIssueTime\": \"true\"}}", NO_KEY));
        assertFalse(allows("{\"Null\": {\"aws:TokenIssueTime\": \"true\"}}", key("aws:TokenIssueTime", "2026-01-01")));
        assertTrue(allows("{\"Null\": {\"aws:TokenIssueTime\": \"false\"}}", key("aws:TokenIssueTime", "2026-01-01")));
        assertFalse(allows("{\"Null\": {\"aws:TokenIssueTime\": \"false\"}}", NO_KEY));
    }

    @Test
    void null_treatsAnEmptySetOfValuesAsAbsent() {
        assertFalse(allows("{\"Null\": {\"dynamodb:LeadingKeys\": \"false\"}}", keys("dynamodb:LeadingKeys")));
        assertTrue(allows("{\"Null\": {\"dynamodb:LeadingKeys\": \"false\"}}", keys("dynamodb:LeadingKeys", "a")));
    }

    @Test
    void ifExists_holdsForAnAbsentKey_andStillTestsAPresentOne() {
        String block = "{\"StringEqualsIfExists\": {\"dynamodb:Select\": \"SPECIFIC_ATTRIBUTES\"}}";

        assertTrue(allows(block, NO_KEY));
        assertTrue(allows(block, key("dynamodb:Select", "SPECIFIC_ATTRIBUTES")));
        assertFalse(allows(block, key("dynamodb:Select", "ALL_ATTRIBUTES")));
    }

    @Test
    void forAllValues_needsEveryRequestValueToMatchOneOfThePolicyValues() {
        String block = "{\"ForAllValues:StringLike\": {\"dynamodb:LeadingKeys\": [\"TENANT#a\", \"TENANT#a#*\"]}}";

        assertTrue(allows(block, keys("dynamodb:LeadingKeys", "TENANT#a", "TENANT#a#RATE")));
        assertFalse(allows(block, keys("dynamodb:LeadingKeys", "TENANT#a", "TENANT#b")));
    }

    @Test
    void forAllValues_isTrueWhenTheRequestHasNoValue_theAwsPitfall() {
        String block = "{\"ForAllValues:StringLike\": {\"dynamodb:LeadingKeys\": [\"TENANT#a\"]}}";

        assertTrue(allows(block, NO_KEY));
        assertTrue(allows(block, keys("dynamodb:LeadingKeys")));
        assertFalse(allows(block, keys("dynamodb:LeadingKeys", "TENANT#b")));
    }

    @Test
    void forAllValuesStringNotLike_holdsWhenNoRequestValueMatches() {
        String block = "{\"ForAllValues:StringNotLike\": {\"aws:TagKeys\": \"key1*\"}}";

        assertTrue(allows(block, keys("aws:TagKeys", "key2:audit")));
        assertTrue(allows(block, NO_KEY));
        assertFalse(allows(block, keys("aws:TagKeys", "key1:legal")));
        assertFalse(allows(block, keys("aws:TagKeys", "key1:hr", "key2:audit")));
    }

    @Test
    void forAnyValue_needsOneRequestValueToMatch_andIsFalseWithoutValues() {
        String block = "{\"ForAnyValue:StringEquals\": {\"dynamodb:Attributes\": [\"Wins\", \"Losses\"]}}";

        assertTrue(allows(block, keys("dynamodb:Attributes", "TopScore", "Wins")));
        assertFalse(allows(block, keys("dynamodb:Attributes", "TopScore")));
        assertFalse(allows(block, NO_KEY));
    }

    @Test
    void forAnyValueIfExists_holdsWithoutValues() {
        String block = "{\"ForAnyValue:StringEqualsIfExists\": {\"dynamodb:Attributes\": \"Wins\"}}";

        assertTrue(allows(block, NO_KEY));
        assertFalse(allows(block, keys("dynamodb:Attributes", "TopScore")));
    }

    @Test
    void severalKeysInOneBlock_areAnded() {
        String block = "{\"StringEquals\": {\"aws:username\": \"alice\", \"s3:prefix\": \"home/alice/\"}}";

        assertTrue(allows(block, r -> r.with("aws:username", "alice").with("s3:prefix", "home/alice/")));
        assertFalse(allows(block, r -> r.with("aws:username", "alice").with("s3:prefix", "home/bob/")));
    }

    @Test
    void severalOperatorsInOneBlock_areAnded() {
        String block =
                "{\"StringEquals\": {\"aws:username\": \"alice\"}, \"Bool\": {\"aws:SecureTransport\": \"true\"}}";

        assertTrue(allows(block, r -> r.with("aws:username", "alice").with("aws:SecureTransport", "true")));
        assertFalse(allows(block, r -> r.with("aws:username", "alice").with("aws:SecureTransport", "false")));
    }

    @Test
    void severalValuesForOneKey_areOred() {
        String block = "{\"StringEquals\": {\"aws:username\": [\"alice\", \"bob\"]}}";

        assertTrue(allows(block, key("aws:username", "bob")));
        assertFalse(allows(block, key("aws:username", "carol")));
    }

    @Test
    void conditionKeyNames_areCaseInsensitive_valuesAreNot() {
        String block = "{\"StringEquals\": {\"AWS:UserName\": \"alice\"}}";

        assertTrue(allows(block, key("aws:username", "alice")));
        assertFalse(allows(block, key("aws:username", "ALICE")));
    }

    @Test
    void aSingleValuedOperatorOnAMultivaluedKey_throws_insteadOfGuessing() {
        String block = "{\"StringLike\": {\"dynamodb:LeadingKeys\": \"TENANT#a*\"}}";

        assertThrows(PolicyException.class, () -> allows(block, keys("dynamodb:LeadingKeys", "TENANT#a")));
        assertTrue(allows(
                "{\"ForAllValues:StringLike\": {\"dynamodb:LeadingKeys\": \"TENANT#a*\"}}",
                keys("dynamodb:LeadingKeys", "TENANT#a")));
    }

    @Test
    void booleanConditionValues_mayBeJsonBooleans() {
        String block = "{\"Bool\": {\"aws:SecureTransport\": true}}";

        assertTrue(allows(block, key("aws:SecureTransport", "true")));
        assertFalse(allows(block, key("aws:SecureTransport", "false")));
    }
}
