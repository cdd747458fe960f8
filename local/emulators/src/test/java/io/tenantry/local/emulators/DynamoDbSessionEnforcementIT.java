package io.tenantry.local.emulators;

import static io.tenantry.local.emulators.TenantSessions.TENANT_A;
import static io.tenantry.local.emulators.TenantSessions.TENANT_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.iam.TenantPolicies.Access;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * DynamoDB through the emulators' front refuses a tenant session's calls outside the tenant's partitions, as IAM
 * would with the tenant policy; each refusal is paired with the same call on the tenant's own partition, allowed.
 */
class DynamoDbSessionEnforcementIT {
    private static final String TABLE = "enforcement-test";
    private static final String OWN = "TENANT#" + TENANT_A;
    private static final String OWN_SATELLITE = "TENANT#" + TENANT_A + "#USAGE#1";
    private static final String FOREIGN = "TENANT#" + TENANT_B;

    private static TenantSessions sessions;
    private static AwsClients base;
    private static AwsClients tenantA;
    private static AwsClients readOnlyA;

    @BeforeAll
    static void createTableAndSessions() {
        EmbeddedAws aws = SharedBackends.embedded();
        base = AwsClients.of(aws);
        base.dynamoDb()
                .createTable(r -> r.tableName(TABLE)
                        .keySchema(
                                k -> k.attributeName("PK").keyType(KeyType.HASH),
                                k -> k.attributeName("SK").keyType(KeyType.RANGE))
                        .attributeDefinitions(
                                a -> a.attributeName("PK").attributeType(ScalarAttributeType.S),
                                a -> a.attributeName("SK").attributeType(ScalarAttributeType.S))
                        .billingMode("PAY_PER_REQUEST"));
        for (String pk : List.of(OWN, OWN_SATELLITE, FOREIGN)) {
            base.dynamoDb().putItem(r -> r.tableName(TABLE).item(item(pk, "ITEM", "seeded")));
        }
        sessions = new TenantSessions(aws, TABLE, "enforcement-test-bucket");
        tenantA = sessions.clients(TENANT_A, null);
        readOnlyA = sessions.clients(TENANT_A, Access.READ_ONLY);
    }

    @AfterAll
    static void close() {
        tenantA.close();
        readOnlyA.close();
        base.close();
        sessions.close();
    }

    @Test
    void getItem_onOwnPartitionAndSatellite_succeeds_andOnAnotherTenants_isAccessDenied() {
        for (String pk : List.of(OWN, OWN_SATELLITE)) {
            assertEquals(
                    "seeded",
                    db().getItem(r -> r.tableName(TABLE).key(key(pk, "ITEM")))
                            .item()
                            .get("value")
                            .s());
        }
        DynamoDbException e = denied(() -> db().getItem(r -> r.tableName(TABLE).key(key(FOREIGN, "ITEM"))));
        assertEquals(400, e.statusCode());
        String message = e.awsErrorDetails().errorMessage();
        assertTrue(message.startsWith("User: arn:aws:sts::000000000000:assumed-role/TenantAccessRole/"), message);
        assertTrue(
                message.endsWith("is not authorized to perform: dynamodb:GetItem on resource: " + sessions.tableArn()
                        + " because no identity-based policy allows the dynamodb:GetItem action"),
                message);
    }

    @Test
    void putItem_onOwnPartitions_writes_andOnAnotherTenants_isAccessDeniedAndWritesNothing() {
        db().putItem(r -> r.tableName(TABLE).item(item(OWN, "PUT", "mine")));
        db().putItem(r -> r.tableName(TABLE).item(item(OWN_SATELLITE, "PUT", "mine")));
        assertEquals("mine", read(OWN, "PUT"));

        denied(() -> db().putItem(r -> r.tableName(TABLE).item(item(FOREIGN, "PUT", "theirs"))));
        assertEquals(null, read(FOREIGN, "PUT"));
    }

    @Test
    void updateItem_onOwnPartition_updates_andOnAnotherTenants_isAccessDenied() {
        db().updateItem(r -> r.tableName(TABLE)
                .key(key(OWN_SATELLITE, "UPDATE"))
                .updateExpression("SET #v = :v")
                .expressionAttributeNames(Map.of("#v", "value"))
                .expressionAttributeValues(Map.of(":v", s("updated"))));
        assertEquals("updated", read(OWN_SATELLITE, "UPDATE"));

        denied(() -> db().updateItem(r -> r.tableName(TABLE)
                .key(key(FOREIGN, "UPDATE"))
                .updateExpression("SET #v = :v")
                .expressionAttributeNames(Map.of("#v", "value"))
                .expressionAttributeValues(Map.of(":v", s("updated")))));
        assertEquals(null, read(FOREIGN, "UPDATE"));
    }

    @Test
    void deleteItem_onOwnPartition_deletes_andOnAnotherTenants_isAccessDeniedAndKeepsTheItem() {
        base.dynamoDb().putItem(r -> r.tableName(TABLE).item(item(OWN, "DELETE", "x")));
        base.dynamoDb().putItem(r -> r.tableName(TABLE).item(item(FOREIGN, "DELETE", "x")));

        db().deleteItem(r -> r.tableName(TABLE).key(key(OWN, "DELETE")));
        assertEquals(null, read(OWN, "DELETE"));

        denied(() -> db().deleteItem(r -> r.tableName(TABLE).key(key(FOREIGN, "DELETE"))));
        assertEquals("x", read(FOREIGN, "DELETE"));
    }

    @Test
    void query_onOwnPartition_readsIt_andOnAnotherTenants_isAccessDenied_howeverTheKeyConditionIsWritten() {
        for (String pk : List.of(OWN, OWN_SATELLITE)) {
            assertTrue(db().query(r -> r.tableName(TABLE)
                                    .keyConditionExpression("PK = :pk")
                                    .expressionAttributeValues(Map.of(":pk", s(pk))))
                            .count()
                    > 0);
        }
        assertTrue(db().query(r -> r.tableName(TABLE)
                                .keyConditionExpression("#pk = :pk AND begins_with(SK, :sk)")
                                .expressionAttributeNames(Map.of("#pk", "PK"))
                                .expressionAttributeValues(Map.of(":pk", s(OWN), ":sk", s("IT"))))
                        .count()
                > 0);
        assertTrue(db().query(r -> r.tableName(TABLE).keyConditions(Map.of("PK", equalTo(OWN))))
                        .count()
                > 0);

        denied(() -> db().query(r -> r.tableName(TABLE)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s(FOREIGN)))));
        denied(() -> db().query(r -> r.tableName(TABLE)
                .keyConditionExpression("#pk = :pk AND begins_with(SK, :sk)")
                .expressionAttributeNames(Map.of("#pk", "PK"))
                .expressionAttributeValues(Map.of(":pk", s(FOREIGN), ":sk", s("IT")))));
        denied(() -> db().query(r -> r.tableName(TABLE).keyConditions(Map.of("PK", equalTo(FOREIGN)))));
    }

    @Test
    void query_whosePartitionValueCannotBeRead_isRefused_notAllowed() {
        // The value is named but not given: DynamoDB would call it invalid; the front refuses before it asks.
        denied(() -> db().query(r -> r.tableName(TABLE)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", "PK"))
                .expressionAttributeValues(Map.of(":other", s(OWN)))));
    }

    @Test
    void batchGetItem_ofOwnKeys_reads_andWithOneForeignKeyAmongThem_isAccessDenied() {
        assertEquals(
                2,
                db().batchGetItem(r -> r.requestItems(Map.of(
                                TABLE,
                                KeysAndAttributes.builder()
                                        .keys(key(OWN, "ITEM"), key(OWN_SATELLITE, "ITEM"))
                                        .build())))
                        .responses()
                        .get(TABLE)
                        .size());

        denied(() -> db().batchGetItem(r -> r.requestItems(Map.of(
                TABLE,
                KeysAndAttributes.builder()
                        .keys(key(OWN, "ITEM"), key(FOREIGN, "ITEM"), key(OWN_SATELLITE, "ITEM"))
                        .build()))));
    }

    @Test
    void batchWriteItem_ofOwnItems_writes_andWithOneForeignItem_isAccessDeniedAndWritesNothing() {
        db().batchWriteItem(r ->
                r.requestItems(Map.of(TABLE, List.of(put(OWN, "BATCH"), put(OWN_SATELLITE, "BATCH")))));
        assertEquals("batch", read(OWN_SATELLITE, "BATCH"));

        denied(() -> db().batchWriteItem(r ->
                r.requestItems(Map.of(TABLE, List.of(put(OWN, "BATCH2"), put(FOREIGN, "BATCH2"))))));
        assertEquals(null, read(OWN, "BATCH2"));
        assertEquals(null, read(FOREIGN, "BATCH2"));
    }

    @Test
    void transactWriteItems_mixingOwnAndAUserPartition_isAccessDeniedAndWritesNothing_whileAllOwnCommits() {
        DynamoDbException e = denied(() -> db().transactWriteItems(
                        r -> r.transactItems(transactPut(OWN, "TX-MIXED"), transactPut("USER#x", "TX-MIXED"))));
        assertTrue(e.awsErrorDetails().errorMessage().contains("dynamodb:PutItem"), e::getMessage);
        assertEquals(null, read(OWN, "TX-MIXED"));
        assertEquals(null, read("USER#x", "TX-MIXED"));

        db().transactWriteItems(r -> r.transactItems(
                transactPut(OWN, "TX-OWN"),
                TransactWriteItem.builder()
                        .update(u -> u.tableName(TABLE)
                                .key(key(OWN_SATELLITE, "TX-OWN"))
                                .updateExpression("SET #v = :v")
                                .expressionAttributeNames(Map.of("#v", "value"))
                                .expressionAttributeValues(Map.of(":v", s("tx"))))
                        .build(),
                TransactWriteItem.builder()
                        .conditionCheck(c ->
                                c.tableName(TABLE).key(key(OWN, "ITEM")).conditionExpression("attribute_exists(PK)"))
                        .build()));
        assertEquals("tx", read(OWN, "TX-OWN"));
        assertEquals("tx", read(OWN_SATELLITE, "TX-OWN"));
    }

    @Test
    void transactGetItems_ofOwnKeys_reads_andWithAForeignKey_isAccessDenied() {
        assertEquals(
                2,
                db().transactGetItems(r -> r.transactItems(
                                g -> g.get(k -> k.tableName(TABLE).key(key(OWN, "ITEM"))),
                                g -> g.get(k -> k.tableName(TABLE).key(key(OWN_SATELLITE, "ITEM")))))
                        .responses()
                        .size());

        denied(() -> db().transactGetItems(r -> r.transactItems(
                g -> g.get(k -> k.tableName(TABLE).key(key(OWN, "ITEM"))),
                g -> g.get(k -> k.tableName(TABLE).key(key(FOREIGN, "ITEM"))))));
    }

    @Test
    void scan_partiQlAndDescribeTable_areAccessDeniedToASession_whileTheBaseCredentialsMakeThem() {
        denied(() -> db().scan(r -> r.tableName(TABLE)));
        denied(() -> db().executeStatement(r ->
                r.statement("SELECT * FROM \"" + TABLE + "\" WHERE PK = ?").parameters(s(OWN))));
        denied(() -> db().describeTable(r -> r.tableName(TABLE)));

        assertTrue(base.dynamoDb().scan(r -> r.tableName(TABLE)).count() >= 3);
        assertEquals(
                1,
                base.dynamoDb()
                        .executeStatement(r -> r.statement("SELECT * FROM \"" + TABLE + "\" WHERE PK = ? AND SK = ?")
                                .parameters(s(OWN), s("ITEM")))
                        .items()
                        .size());
        assertEquals(
                TABLE,
                base.dynamoDb().describeTable(r -> r.tableName(TABLE)).table().tableName());
    }

    @Test
    void readOnlySession_getsItsItems_butPutItemIsAccessDenied_whileTheFullSessionPuts() {
        assertEquals(
                "seeded",
                readOnlyA
                        .dynamoDb()
                        .getItem(r -> r.tableName(TABLE).key(key(OWN, "ITEM")))
                        .item()
                        .get("value")
                        .s());
        DynamoDbException e = denied(() ->
                readOnlyA.dynamoDb().putItem(r -> r.tableName(TABLE).item(item(OWN, "RO", "x"))));
        assertTrue(
                e.awsErrorDetails()
                        .errorMessage()
                        .endsWith("because no session policy allows the dynamodb:PutItem action"),
                e::getMessage);
        assertEquals(null, read(OWN, "RO"));

        db().putItem(r -> r.tableName(TABLE).item(item(OWN, "RO", "x")));
        assertEquals("x", read(OWN, "RO"));
    }

    @Test
    void expiredSession_isRefusedWithExpiredTokenException_whileAFreshOneIsServed() {
        Credentials credentials = sessions.assume(TENANT_A, null);
        try (AwsClients expiring = sessions.clients(credentials)) {
            assertEquals(
                    1,
                    expiring.dynamoDb()
                                            .getItem(r -> r.tableName(TABLE).key(key(OWN, "ITEM")))
                                            .item()
                                            .size()
                                    > 0
                            ? 1
                            : 0);
            SharedBackends.embedded().sts().expire(credentials.accessKeyId());

            DynamoDbException e = assertThrows(
                    DynamoDbException.class,
                    () -> expiring.dynamoDb().getItem(r -> r.tableName(TABLE).key(key(OWN, "ITEM"))));
            assertEquals("ExpiredTokenException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void aSessionKeyTheStsDidNotIssue_orAWrongToken_isAnUnrecognizedClient() {
        Credentials issued = sessions.assume(TENANT_A, null);
        Credentials forged = issued.toBuilder().sessionToken("forged").build();
        Credentials unknown =
                issued.toBuilder().accessKeyId("ASIAAAAAAAAAAAAAAAAA").build();
        for (Credentials credentials : List.of(forged, unknown)) {
            try (AwsClients clients = sessions.clients(credentials)) {
                DynamoDbException e = assertThrows(
                        DynamoDbException.class,
                        () -> clients.dynamoDb().getItem(r -> r.tableName(TABLE).key(key(OWN, "ITEM"))));
                assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
            }
        }
        try (AwsClients clients = sessions.clients(issued)) {
            assertFalse(clients.dynamoDb()
                    .getItem(r -> r.tableName(TABLE).key(key(OWN, "ITEM")))
                    .item()
                    .isEmpty());
        }
    }

    @Test
    void baseCredentials_passThroughUnchanged_onAnyPartition() {
        base.dynamoDb().putItem(r -> r.tableName(TABLE).item(item(FOREIGN, "BASE", "base")));
        assertEquals("base", read(FOREIGN, "BASE"));
    }

    private static DynamoDbClient db() {
        return tenantA.dynamoDb();
    }

    private static DynamoDbException denied(Executable call) {
        DynamoDbException e = assertThrows(DynamoDbException.class, call);
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), e::getMessage);
        return e;
    }

    private static String read(String pk, String sk) {
        Map<String, AttributeValue> item = base.dynamoDb()
                .getItem(r -> r.tableName(TABLE).key(key(pk, sk)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? null : item.get("value").s();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", s(pk), "SK", s(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String value) {
        return Map.of("PK", s(pk), "SK", s(sk), "value", s(value));
    }

    private static WriteRequest put(String pk, String sk) {
        return WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item(pk, sk, "batch")).build())
                .build();
    }

    private static TransactWriteItem transactPut(String pk, String sk) {
        return TransactWriteItem.builder()
                .put(p -> p.tableName(TABLE).item(item(pk, sk, "tx")))
                .build();
    }

    private static Condition equalTo(String pk) {
        return Condition.builder()
                .comparisonOperator(ComparisonOperator.EQ)
                .attributeValueList(s(pk))
                .build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
