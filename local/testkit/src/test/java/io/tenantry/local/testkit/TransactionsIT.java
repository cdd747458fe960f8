package io.tenantry.local.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * What the services' writes rely on from whichever DynamoDB the suites run against (DynamoDB Local, or moto through
 * .ci/moto-server.py, docs/emulators.md): a cancelled transaction leaves every item it names as it was; a
 * transaction sent again with the same client request token, as the SDK does when it retries an attempt whose answer
 * it lost, is applied once, and a new token is applied again.
 */
@EmulatedAws
class TransactionsIT {
    private final AwsEnvironment aws;
    private final String table;

    TransactionsIT(AwsEnvironment aws) {
        this.aws = aws;
        this.table = aws.resources().tableName("TenantryTable");
    }

    @Test
    void aCancelledTransaction_leavesEveryItemAsItWas_andTheSameWritesWithItsConditionMet_land() {
        Map<String, AttributeValue> counted = key();
        Map<String, AttributeValue> created = key();
        Map<String, AttributeValue> guard = key();
        count(counted, UUID.randomUUID().toString());

        assertThrows(TransactionCanceledException.class, () -> countCreateAndCheck(counted, created, guard));
        assertEquals("1", counted(counted), "the update is rolled back");
        assertFalse(exists(created), "the put is rolled back");

        aws.dynamoDb().putItem(r -> r.tableName(table).item(guard));
        countCreateAndCheck(counted, created, guard);
        assertEquals("2", counted(counted));
        assertTrue(exists(created));
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

    /** An update, a put, and a condition that the {@code guard} item exists. */
    private void countCreateAndCheck(
            Map<String, AttributeValue> counted,
            Map<String, AttributeValue> created,
            Map<String, AttributeValue> guard) {
        aws.dynamoDb()
                .transactWriteItems(r -> r.transactItems(
                        t -> t.update(u -> u.tableName(table)
                                .key(counted)
                                .updateExpression("ADD #n :one")
                                .expressionAttributeNames(Map.of("#n", "n"))
                                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))),
                        t -> t.put(p -> p.tableName(table).item(created)),
                        t -> t.conditionCheck(
                                c -> c.tableName(table).key(guard).conditionExpression("attribute_exists(PK)"))));
    }

    private boolean exists(Map<String, AttributeValue> key) {
        return aws.dynamoDb()
                .getItem(r -> r.tableName(table).key(key).consistentRead(true))
                .hasItem();
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
