package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.template.Arns;
import io.tenantry.local.template.SamTemplate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Provisioning on the backend {@code tenantry.aws} selects (embedded by default; moto with endpoint=…). */
class ResourceProvisionerIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final int MAX_RECEIVE_COUNT = 2;
    private static final SamTemplate TEMPLATE =
            SamTemplate.parse("""
            Resources:
              Data:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: data-%1$s
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions:
                    - {AttributeName: PK, AttributeType: S}
                    - {AttributeName: SK, AttributeType: S}
                    - {AttributeName: GSI1PK, AttributeType: S}
                  KeySchema: [{AttributeName: PK, KeyType: HASH}, {AttributeName: SK, KeyType: RANGE}]
                  GlobalSecondaryIndexes:
                    - IndexName: GSI1
                      KeySchema: [{AttributeName: GSI1PK, KeyType: HASH}, {AttributeName: SK, KeyType: RANGE}]
                      Projection: {ProjectionType: ALL}
                  TimeToLiveSpecification: {AttributeName: expiresAt, Enabled: true}
              Work:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: work-%1$s
                  VisibilityTimeout: 30
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt WorkDlq.Arn
                    maxReceiveCount: %2$d
              WorkDlq:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: work-dlq-%1$s
              Ordered:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: ordered-%1$s.fifo
                  FifoQueue: true
                  ContentBasedDeduplication: true
              Media:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: media-%1$s
              Key:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Name: key-%1$s
                  GenerateSecretString: {PasswordLength: 40, ExcludePunctuation: true}
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: pkg.Worker
            """.formatted(RUN, MAX_RECEIVE_COUNT), "provisioning.yaml");

    private static AwsClients clients;
    private static LocalResources resources;

    @BeforeAll
    static void provision() {
        clients = AwsClients.of(SharedBackends.selected());
        resources = new ResourceProvisioner(clients).provision(TEMPLATE);
    }

    @Test
    void tables_existWithKeysIndexesAndTtl() {
        TableDescription table = clients.dynamoDb()
                .describeTable(r -> r.tableName(resources.tableName("Data")))
                .table();
        assertEquals("data-" + RUN, table.tableName());
        assertEquals(2, table.keySchema().size());
        assertEquals("GSI1", table.globalSecondaryIndexes().get(0).indexName());
        assertEquals(
                TimeToLiveStatus.ENABLED,
                clients.dynamoDb()
                        .describeTimeToLive(r -> r.tableName(table.tableName()))
                        .timeToLiveDescription()
                        .timeToLiveStatus());
        assertEquals(
                Arns.table(table.tableName()),
                resources.arn("Data"),
                "the pseudo account's ARN, as the front authorizes");
    }

    @Test
    void queues_existWithTheirAttributes() {
        Map<QueueAttributeName, String> work = attributes("Work");
        assertEquals("30", work.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        assertTrue(work.get(QueueAttributeName.REDRIVE_POLICY).contains(resources.arn("WorkDlq")));
        assertEquals("true", attributes("Ordered").get(QueueAttributeName.FIFO_QUEUE));
        assertTrue(resources.queueUrl("Ordered").endsWith("/ordered-" + RUN + ".fifo"));
        assertEquals(resources.queueUrl("Work"), resources.ref("Work").orElseThrow());
    }

    @Test
    void buckets_exist() {
        clients.s3().headBucket(r -> r.bucket(resources.bucketName("Media")));
        assertEquals("arn:aws:s3:::media-" + RUN, resources.arn("Media"));
    }

    @Test
    void secrets_existWithAGeneratedValue_andRefGivesTheirArn() {
        GetSecretValueResponse value = clients.secretsManager()
                .getSecretValue(r -> r.secretId(resources.ref("Key").orElseThrow()));
        assertEquals("key-" + RUN, value.name());
        assertEquals(value.arn(), resources.ref("Key").orElseThrow());
        assertTrue(value.secretString().matches("[A-Za-z0-9]{40}"), value.secretString());
    }

    @Test
    void functions_getNamesAndArns() {
        assertEquals("Worker", resources.physicalName("Worker"));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:Worker", resources.arn("Worker"));
    }

    @Test
    void provisioningAgain_keepsWhatExists() {
        String secret = secretValue();
        LocalResources again = new ResourceProvisioner(clients).provision(TEMPLATE);
        assertEquals(resources.all(), again.all());
        assertEquals(
                List.copyOf(TEMPLATE.resources().keySet()),
                List.copyOf(again.all().keySet()));
        assertEquals(secret, secretValue(), "a secret keeps its value");
    }

    private static String secretValue() {
        return clients.secretsManager()
                .getSecretValue(r -> r.secretId(resources.ref("Key").orElseThrow()))
                .secretString();
    }

    @Test
    void messageReceivedMaxReceiveCountTimes_landsInTheDeadLetterQueue() {
        String work = resources.queueUrl("Work");
        clients.sqs().sendMessage(r -> r.queueUrl(work).messageBody("poison-" + RUN));
        int deliveries = 0;
        for (int attempt = 0; attempt < 10 && deliveries <= MAX_RECEIVE_COUNT; attempt++) {
            List<Message> received = clients.sqs()
                    .receiveMessage(r -> r.queueUrl(work).visibilityTimeout(0).waitTimeSeconds(1))
                    .messages();
            if (received.isEmpty() && deliveries == MAX_RECEIVE_COUNT) {
                break;
            }
            deliveries += received.size();
        }
        assertEquals(MAX_RECEIVE_COUNT, deliveries);
        Message dead = receiveOne(resources.queueUrl("WorkDlq"));
        assertNotNull(dead, "the message should have moved to the dead-letter queue");
        assertEquals("poison-" + RUN, dead.body());
    }

    private static Message receiveOne(String queueUrl) {
        for (int attempt = 0; attempt < 5; attempt++) {
            List<Message> messages = clients.sqs()
                    .receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1))
                    .messages();
            if (!messages.isEmpty()) {
                return messages.get(0);
            }
        }
        return null;
    }

    private static Map<QueueAttributeName, String> attributes(String logicalId) {
        return clients.sqs()
                .getQueueAttributes(
                        r -> r.queueUrl(resources.queueUrl(logicalId)).attributeNames(QueueAttributeName.ALL))
                .attributes();
    }
}
