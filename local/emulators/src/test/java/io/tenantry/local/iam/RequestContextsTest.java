package io.tenantry.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.iam.RequestContexts.TransactionItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestContextsTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/tenantry";
    private static final String AUDIT = "arn:aws:dynamodb:us-east-1:123456789012:table/audit";

    @Test
    void anItemOperation_isItsActionOnTheTable_withItsPartitionKeyAsLeadingKeys() {
        RequestContext request = RequestContexts.dynamoDb("GetItem", TABLE, List.of("TENANT#a"));

        assertEquals("dynamodb:GetItem", request.action());
        assertEquals(TABLE, request.resource());
        assertEquals(List.of("TENANT#a"), request.values(RequestContexts.LEADING_KEYS));
        assertTrue(request.isMultiValued(RequestContexts.LEADING_KEYS));
    }

    @Test
    void anItemOperationOrQuery_takesExactlyOneKey() {
        assertThrows(IllegalArgumentException.class, () -> RequestContexts.dynamoDb("Query", TABLE, List.of()));
        assertThrows(
                IllegalArgumentException.class, () -> RequestContexts.dynamoDb("GetItem", TABLE, List.of("a", "b")));
        assertEquals(
                List.of("TENANT#a"),
                RequestContexts.dynamoDb("Query", TABLE, List.of("TENANT#a")).values(RequestContexts.LEADING_KEYS));
    }

    @Test
    void aBatch_isOneAuthorizationPerTable_withThatTablesDistinctKeys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put(TABLE, List.of("TENANT#a", "TENANT#a", "TENANT#a#RATE"));
        keys.put(AUDIT, List.of("TENANT#b"));

        List<RequestContext> requests = RequestContexts.dynamoDbBatch("BatchGetItem", keys);

        assertEquals(2, requests.size());
        assertEquals("dynamodb:BatchGetItem", requests.get(0).action());
        assertEquals(List.of("TENANT#a", "TENANT#a#RATE"), requests.get(0).values(RequestContexts.LEADING_KEYS));
        assertEquals(AUDIT, requests.get(1).resource());
        assertEquals(List.of("TENANT#b"), requests.get(1).values(RequestContexts.LEADING_KEYS));
    }

    @Test
    void aTransaction_isOneAuthorizationPerItem_asThatItemsAction() {
        List<RequestContext> requests = RequestContexts.dynamoDbTransaction(List.of(
                new TransactionItem("Put", TABLE, "TENANT#a"),
                new TransactionItem("Update", TABLE, "TENANT#a#USAGE#1"),
                new TransactionItem("Delete", TABLE, "TENANT#a"),
                new TransactionItem("ConditionCheck", AUDIT, "TENANT#a"),
                new TransactionItem("Get", TABLE, "TENANT#a")));

        assertEquals(
                List.of(
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem",
                        "dynamodb:ConditionCheckItem",
                        "dynamodb:GetItem"),
                requests.stream().map(RequestContext::action).toList());
        assertEquals(AUDIT, requests.get(3).resource());
        assertEquals(List.of("TENANT#a#USAGE#1"), requests.get(1).values(RequestContexts.LEADING_KEYS));
    }

    @Test
    void aScan_hasNoLeadingKeys() {
        RequestContext scan = RequestContexts.dynamoDb("Scan", TABLE, List.of());

        assertEquals("dynamodb:Scan", scan.action());
        assertEquals(List.of(), scan.values(RequestContexts.LEADING_KEYS));
        assertThrows(IllegalArgumentException.class, () -> RequestContexts.dynamoDb("Scan", TABLE, List.of("a")));
    }

    @Test
    void transactionsPartiQlStatementsAndUnknownOperations_throw_pointingToTheRightCall() {
        IllegalArgumentException transact = assertThrows(
                IllegalArgumentException.class,
                () -> RequestContexts.dynamoDb("TransactWriteItems", TABLE, List.of("a")));
        IllegalArgumentException statement = assertThrows(
                IllegalArgumentException.class, () -> RequestContexts.dynamoDb("ExecuteStatement", TABLE, List.of()));

        assertTrue(transact.getMessage().contains("dynamoDbTransaction"));
        assertTrue(statement.getMessage().contains("PartiQLSelect"));
        assertThrows(IllegalArgumentException.class, () -> RequestContexts.dynamoDb("DeleteTable", TABLE, List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> RequestContexts.dynamoDbTransaction(List.of(new TransactionItem("Upsert", TABLE, "a"))));
        assertEquals(
                "dynamodb:PartiQLSelect",
                RequestContexts.dynamoDb("PartiQLSelect", TABLE, List.of()).action());
    }

    @Test
    void s3ObjectCalls_mapToTheirIamActions_onTheObjectsArn() {
        assertEquals(
                "s3:GetObject", RequestContexts.s3Object("HeadObject", "b", "k").action());
        assertEquals(
                "s3:PutObject", RequestContexts.s3Object("UploadPart", "b", "k").action());
        assertEquals(
                "s3:PutObject",
                RequestContexts.s3Object("CompleteMultipartUpload", "b", "k").action());
        assertEquals(
                "s3:DeleteObject",
                RequestContexts.s3Object("DeleteObject", "b", "k").action());
        assertEquals(
                "arn:aws:s3:::b/tenants/a/x.png",
                RequestContexts.s3Object("GetObject", "b", "tenants/a/x.png").resource());
        assertThrows(IllegalArgumentException.class, () -> RequestContexts.s3Object("PutObjectAcl", "b", "k"));
    }

    @Test
    void deleteObjectsAndCopyObject_areOneAuthorizationPerObject() {
        List<RequestContext> deletes = RequestContexts.s3DeleteObjects("b", List.of("k1", "k2"));
        List<RequestContext> copy = RequestContexts.s3CopyObject("src", "a", "dst", "b");

        assertEquals(
                List.of("arn:aws:s3:::b/k1", "arn:aws:s3:::b/k2"),
                deletes.stream().map(RequestContext::resource).toList());
        assertEquals(
                List.of("s3:GetObject", "s3:PutObject"),
                copy.stream().map(RequestContext::action).toList());
        assertEquals(
                List.of("arn:aws:s3:::src/a", "arn:aws:s3:::dst/b"),
                copy.stream().map(RequestContext::resource).toList());
    }

    @Test
    void aListing_isListBucketOnTheBucket_withItsPrefix_orNoneWithoutOne() {
        RequestContext withPrefix = RequestContexts.s3List("b", "tenants/a/");
        RequestContext withoutPrefix = RequestContexts.s3List("b", null);

        assertEquals("s3:ListBucket", withPrefix.action());
        assertEquals("arn:aws:s3:::b", withPrefix.resource());
        assertEquals(List.of("tenants/a/"), withPrefix.values(RequestContexts.S3_PREFIX));
        assertFalse(withPrefix.isMultiValued(RequestContexts.S3_PREFIX));
        assertEquals(List.of(), withoutPrefix.values(RequestContexts.S3_PREFIX));
    }
}
