package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class EmbeddedAwsPersistenceIT {

    @Test
    void withADataDir_tablesAndObjectsOutliveARestart(@TempDir Path dataDir) {
        try (EmbeddedAws aws = EmbeddedAws.start(dataDir);
                AwsClients clients = AwsClients.of(aws)) {
            clients.dynamoDb()
                    .createTable(r -> r.tableName("kept")
                            .billingMode("PAY_PER_REQUEST")
                            .attributeDefinitions(a -> a.attributeName("PK").attributeType(ScalarAttributeType.S))
                            .keySchema(k -> k.attributeName("PK").keyType(KeyType.HASH)));
            clients.s3().createBucket(r -> r.bucket("kept-bucket"));
            clients.s3()
                    .putObject(
                            r -> r.bucket("kept-bucket").key("a.txt"),
                            software.amazon.awssdk.core.sync.RequestBody.fromString("kept"));
        }
        try (EmbeddedAws aws = EmbeddedAws.start(dataDir);
                AwsClients clients = AwsClients.of(aws)) {
            assertTrue(clients.dynamoDb().listTables().tableNames().contains("kept"));
            assertEquals(
                    "kept",
                    clients.s3()
                            .getObjectAsBytes(r -> r.bucket("kept-bucket").key("a.txt"))
                            .asUtf8String());
        }
    }
}
