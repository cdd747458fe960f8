package io.tenantry.local.emulators;

import io.tenantry.local.template.Arns;
import io.tenantry.local.template.DynamoTableDefinition;
import io.tenantry.local.template.TemplateResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Creates one table (on demand, keys, indexes, stream), waits until it is active, then turns on TTL. */
final class TableProvisioner {
    private static final int ACTIVE_POLLS = 600;
    private static final long POLL_MILLIS = 100;

    private final DynamoDbClient dynamoDb;

    TableProvisioner(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    ProvisionedResource provision(DynamoTableDefinition table) {
        if (describe(table.tableName()).isEmpty()) {
            create(table);
        }
        TableDescription description = awaitActive(table.tableName());
        if (table.ttlAttribute() != null) {
            enableTtl(table);
        }
        Map<String, String> attributes = new HashMap<>();
        // The pseudo account's ARN, as every other local ARN and as the DynamoDB front authorizes calls against
        // (DynamoDB
        // Local reports its own region, "ddblocal"), so that policies naming !GetAtt <Table>.Arn match locally.
        attributes.put("Arn", Arns.table(table.tableName()));
        if (description.latestStreamArn() != null) {
            attributes.put("StreamArn", description.latestStreamArn());
        }
        return new ProvisionedResource(
                table.logicalId(), TemplateResource.TABLE, table.tableName(), table.tableName(), attributes);
    }

    private void create(DynamoTableDefinition table) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(table.attributeDefinitions().entrySet().stream()
                        .map(e -> AttributeDefinition.builder()
                                .attributeName(e.getKey())
                                .attributeType(e.getValue())
                                .build())
                        .toList())
                .keySchema(keys(table.hashKey(), table.rangeKey()));
        if (!table.globalSecondaryIndexes().isEmpty()) {
            request.globalSecondaryIndexes(table.globalSecondaryIndexes().stream()
                    .map(i -> GlobalSecondaryIndex.builder()
                            .indexName(i.name())
                            .keySchema(keys(i.hashKey(), i.rangeKey()))
                            .projection(projection(i))
                            .build())
                    .toList());
        }
        if (!table.localSecondaryIndexes().isEmpty()) {
            request.localSecondaryIndexes(table.localSecondaryIndexes().stream()
                    .map(i -> LocalSecondaryIndex.builder()
                            .indexName(i.name())
                            .keySchema(keys(i.hashKey(), i.rangeKey()))
                            .projection(projection(i))
                            .build())
                    .toList());
        }
        if (table.streamViewType() != null) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(table.streamViewType())
                    .build());
        }
        dynamoDb.createTable(request.build());
    }

    private void enableTtl(DynamoTableDefinition table) {
        var current =
                dynamoDb.describeTimeToLive(r -> r.tableName(table.tableName())).timeToLiveDescription();
        boolean on = current != null
                && (current.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                        || current.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        if (!on) {
            dynamoDb.updateTimeToLive(r -> r.tableName(table.tableName())
                    .timeToLiveSpecification(
                            s -> s.attributeName(table.ttlAttribute()).enabled(true)));
        }
    }

    private Optional<TableDescription> describe(String tableName) {
        try {
            return Optional.of(
                    dynamoDb.describeTable(r -> r.tableName(tableName)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private TableDescription awaitActive(String tableName) {
        for (int poll = 0; poll < ACTIVE_POLLS; poll++) {
            Optional<TableDescription> table = describe(tableName);
            if (table.isPresent() && table.get().tableStatus() == TableStatus.ACTIVE) {
                return table.get();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for table " + tableName, e);
            }
        }
        throw new IllegalStateException("Table " + tableName + " did not become ACTIVE");
    }

    private static List<KeySchemaElement> keys(String hashKey, String rangeKey) {
        List<KeySchemaElement> keys = new ArrayList<>(2);
        keys.add(KeySchemaElement.builder()
                .attributeName(hashKey)
                .keyType(KeyType.HASH)
                .build());
        if (rangeKey != null) {
            keys.add(KeySchemaElement.builder()
                    .attributeName(rangeKey)
                    .keyType(KeyType.RANGE)
                    .build());
        }
        return keys;
    }

    private static Projection projection(DynamoTableDefinition.Index index) {
        Projection.Builder projection = Projection.builder().projectionType(index.projectionType());
        if (!index.nonKeyAttributes().isEmpty()) {
            projection.nonKeyAttributes(index.nonKeyAttributes());
        }
        return projection.build();
    }
}
