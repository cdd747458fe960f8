package io.tenantry.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyDocumentTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/tenantry";

    private static Decision getItem(PolicyDocument policy) {
        return PolicyEvaluator.of(policy).evaluate(RequestContext.of("dynamodb:GetItem", TABLE));
    }

    @Test
    void parse_takesStatementAsOneObject_orAsAnArray() {
        PolicyDocument object = PolicyDocument.parse("""
                {"Version": "2012-10-17",
                 "Statement": {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "%s"}}
                """.formatted(TABLE));
        PolicyDocument array = PolicyDocument.parse("""
                {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": ["%s"]}]}
                """.formatted(TABLE));

        assertTrue(getItem(object).allowed());
        assertTrue(getItem(array).allowed());
    }

    @Test
    void parse_namesStatementsBySid_orByPosition_andThePolicyByItsId() {
        PolicyDocument policy = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Id": "tenant",
                 "Statement": [
                   {"Sid": "First", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                   {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}]}
                """);

        assertEquals("tenant", policy.name());
        assertEquals(List.of("First", "#2"), policy.statementIds());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"Version\": \"2012-10-17\", \"Statements\": []}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Actions\": \"s3:*\", \"Resource\": \"*\"}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\","
                        + " \"Principal\": {\"AWS\": \"*\"}}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Action\": \"s3:*\", \"Resource\": \"*\"}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"*\"}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\","
                        + " \"NotAction\": \"iam:*\", \"Resource\": \"*\"}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\"}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"GetObject\", \"Resource\": \"*\"}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"bucket/*\"}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [], \"Resource\": \"*\"}]}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}",
                "{\"Version\": \"2021-01-01\", \"Statement\": []}",
                "{\"Version\": \"2012-10-17\", \"Statement\": [}",
            })
    void parse_refusesWhatIamWouldNotAccept(String json) {
        assertThrows(PolicyException.class, () -> PolicyDocument.parse(json));
    }

    @Test
    void parse_acceptsTheTwinOfEachRefusedDocument() {
        PolicyDocument policy = PolicyDocument.parse("""
                {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}]}
                """);

        assertEquals(List.of("#1"), policy.statementIds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"StringEqualz", "StringLikeIgnoreCase", "ForEveryValue:StringLike"})
    void parse_refusesAnUnknownOperator(String operator) {
        PolicyException refused = assertThrows(PolicyException.class, () -> condition(operator, "\"x\""));

        assertTrue(refused.getMessage().contains("Unknown condition operator"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NumericLessThan", "DateGreaterThan", "IpAddress", "NotIpAddress", "BinaryEquals"})
    void parse_refusesAnIamOperatorThisEvaluatorLeavesOut(String operator) {
        PolicyException refused = assertThrows(PolicyException.class, () -> condition(operator, "\"1\""));

        assertTrue(refused.getMessage().contains("not supported"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NullIfExists", "ForAllValues:Null", "ForAnyValue:Bool"})
    void parse_refusesAPrefixOrSuffixOnAnOperatorThatTakesNone(String operator) {
        assertThrows(PolicyException.class, () -> condition(operator, "\"true\""));
    }

    @Test
    void parse_refusesBoolAndNullValuesOtherThanTrueOrFalse_andAcceptsThoseTwo() {
        assertThrows(PolicyException.class, () -> condition("Bool", "\"yes\""));
        assertThrows(PolicyException.class, () -> condition("Null", "\"absent\""));

        condition("Bool", "true");
        condition("Null", "\"False\"");
    }

    @Test
    void parse_refusesAVariableDefault_andAMalformedVariable() {
        assertThrows(PolicyException.class, () -> condition("StringEquals", "\"${aws:username, 'nobody'}\""));
        assertThrows(PolicyException.class, () -> condition("StringEquals", "\"${aws:username\""));
        assertThrows(PolicyException.class, () -> condition("StringEquals", "\"${}\""));

        condition("StringEquals", "\"${aws:username}\"");
    }

    private static PolicyDocument condition(String operator, String value) {
        return Fixtures.policy("""
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                 "Condition": {"%s": {"aws:username": %s}}}
                """.formatted(operator, value));
    }
}
