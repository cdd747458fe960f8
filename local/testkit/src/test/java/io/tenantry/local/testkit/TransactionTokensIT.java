package io.tenantry.local.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;

/**
 * What the services' writes rely on from whichever DynamoDB the suites run against (DynamoDB Local, or moto through
 * .ci/moto-server.py): a transaction sent again with the same client request token, as the SDK does when it retries
 * an attempt whose answer it lost, is applied once; a new token is applied again.
 */
@EmulatedAws
class TransactionTokensIT {
    private final AwsEnvironment aws;
    private final String table;

    TransactionTokensIT(AwsEnvironment aws) {
        this.aws = aws;
        this.table = aws.resources().tableName("TenantryTable");
    }

    @Test
    void theSameTokenAgain_answersSuccess_withoutApplyingTheTransactionTwice() {
        Map<String, AttributeValue> key = key();
        String token = UUID.randomUUID().toString();

        count(key, token);
        count(key, token);
        assertEquals("1", counted(key));

        count(key, UUID.randomUUID().toString());
        assertEquals("2", counted(key), "a new token is a new transaction");
    }

    @Test
    void theSameTokenWithOtherParameters_isRefused() {
        Map<String, AttributeValue> key = key();
        String token = UUID.randomUUID().toString();
        count(key, token);

        assertThrows(IdempotentParameterMismatchException.class, () -> count(key(), token));
        assertEquals("1", counted(key));
    }

    private void count(Map<String, AttributeValue> key, String token) {
        aws.dynamoDb()
                .transactWriteItems(r -> r.clientRequestToken(token)
                        .transactItems(t -> t.update(u -> u.tableName(table)
                                .key(key)
                                .updateExpression("ADD #n :one")
                                .expressionAttributeNames(Map.of("#n", "n"))
                                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))));
    }

    private String counted(Map<String, AttributeValue> key) {
        return aws.dynamoDb()
                .getItem(r -> r.tableName(table).key(key).consistentRead(true))
                .item()
                .get("n")
                .n();
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(
                "PK", AttributeValue.fromS("TEST#tokens-" + UUID.randomUUID()),
                "SK", AttributeValue.fromS("COUNT"));
    }
}
