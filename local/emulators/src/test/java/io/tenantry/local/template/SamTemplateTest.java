package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {
    private static final SamTemplate TEMPLATE = SamTemplate.parse("""
            Globals:
              Function:
                Runtime: java21
                MemorySize: 1024
                Timeout: 15
                CodeUri: .
            Resources:
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: pkg.Api
                  MemorySize: 512
                  Events:
                    Get:
                      Type: HttpApi
                      Properties: {Method: get, Path: "/v1/things/{id}"}
                    Health:
                      Type: HttpApi
                      Properties:
                        Method: GET
                        Path: /v1/health
                        Auth: {Authorizer: NONE}
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: pkg.Worker
                  Timeout: 60
                  Events:
                    Jobs:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt JobQueue.Arn
                        BatchSize: 5
                        MaximumBatchingWindowInSeconds: 2
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        ScalingConfig: {MaximumConcurrency: 4}
                    Nightly:
                      Type: Schedule
                      Properties:
                        Schedule: cron(0 2 * * ? *)
                        Input: '{"kind":"nightly"}'
                    Hourly:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: rate(1 hour)
                        ScheduleExpressionTimezone: Europe/Paris
                        State: DISABLED
                    Upload:
                      Type: S3
                      Properties:
                        Bucket: !Ref Media
                        Events: s3:ObjectCreated:*
                        Filter:
                          S3Key:
                            Rules: [{Name: prefix, Value: uploads/}, {Name: suffix, Value: .png}]
                    Stream:
                      Type: DynamoDB
                      Properties: {Stream: !GetAtt Data.StreamArn, StartingPosition: LATEST}
              Data:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions:
                    - {AttributeName: PK, AttributeType: S}
                    - {AttributeName: SK, AttributeType: S}
                    - {AttributeName: GSI1PK, AttributeType: S}
                    - {AttributeName: LSK, AttributeType: N}
                  KeySchema: [{AttributeName: PK, KeyType: HASH}, {AttributeName: SK, KeyType: RANGE}]
                  GlobalSecondaryIndexes:
                    - IndexName: GSI1
                      KeySchema: [{AttributeName: GSI1PK, KeyType: HASH}]
                      Projection: {ProjectionType: INCLUDE, NonKeyAttributes: [name]}
                  LocalSecondaryIndexes:
                    - IndexName: LSI1
                      KeySchema: [{AttributeName: PK, KeyType: HASH}, {AttributeName: LSK, KeyType: RANGE}]
                      Projection: {ProjectionType: KEYS_ONLY}
                  TimeToLiveSpecification: {AttributeName: expiresAt, Enabled: true}
                  StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
              JobQueue:
                Type: AWS::SQS::Queue
                Properties:
                  FifoQueue: true
                  ContentBasedDeduplication: true
                  VisibilityTimeout: 90
                  DeduplicationScope: messageGroup
                  FifoThroughputLimit: perMessageGroupId
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt JobDlq.Arn
                    maxReceiveCount: 3
              JobDlq:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: jobs-dlq.fifo
                  FifoQueue: true
              Media:
                Type: AWS::S3::Bucket
                Properties:
                  NotificationConfiguration:
                    QueueConfigurations:
                      - Event: s3:ObjectCreated:*
                        Queue: !GetAtt JobQueue.Arn
                        Filter:
                          S3Key:
                            Rules: [{Name: Prefix, Value: uploads/}]
              Named:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: my-bucket
              Computed:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Sub "${AWS::StackName}-files"
            """, "fixture.yaml");

    @Test
    void functions_applyGlobals_andOwnValuesWin() {
        FunctionDefinition api = TEMPLATE.function("Api");
        assertEquals("pkg.Api", api.handler());
        assertEquals("java21", api.runtime());
        assertEquals(".", api.codeUri());
        assertEquals(512, api.memorySize());
        assertEquals(15, api.timeout());
        assertEquals(60, TEMPLATE.function("Worker").timeout());
        assertEquals(List.of("Api", "Worker"), List.copyOf(TEMPLATE.functions().keySet()));
    }

    @Test
    void httpApiEvents_readMethodPathAndAuth() {
        List<FunctionEvent.HttpApi> routes = TEMPLATE.function("Api").events(FunctionEvent.HttpApi.class);
        assertEquals(new FunctionEvent.HttpApi("Get", "GET", "/v1/things/{id}", null, "2.0"), routes.get(0));
        assertFalse(routes.get(0).isPublic());
        assertEquals("NONE", routes.get(1).authorizer());
        assertTrue(routes.get(1).isPublic());
    }

    @Test
    void sqsEvents_readQueueAndBatchSettings() {
        FunctionEvent.Sqs jobs =
                TEMPLATE.function("Worker").events(FunctionEvent.Sqs.class).get(0);
        assertEquals(
                new FunctionEvent.Sqs("Jobs", "JobQueue", 5, 2, List.of("ReportBatchItemFailures"), 4, true), jobs);
        assertTrue(jobs.reportsBatchItemFailures());
    }

    @Test
    void scheduleEvents_readBothGenerations() {
        List<FunctionEvent.Schedule> schedules = TEMPLATE.function("Worker").events(FunctionEvent.Schedule.class);
        assertEquals(
                new FunctionEvent.Schedule(
                        "Nightly", "Schedule", "cron(0 2 * * ? *)", "{\"kind\":\"nightly\"}", null, true),
                schedules.get(0));
        assertEquals(
                new FunctionEvent.Schedule("Hourly", "ScheduleV2", "rate(1 hour)", null, "Europe/Paris", false),
                schedules.get(1));
    }

    @Test
    void s3AndDynamoDbEvents_areKept() {
        FunctionDefinition worker = TEMPLATE.function("Worker");
        assertEquals(
                new FunctionEvent.S3(
                        "Upload",
                        "Media",
                        List.of("s3:ObjectCreated:*"),
                        Map.of("prefix", "uploads/", "suffix", ".png")),
                worker.events(FunctionEvent.S3.class).get(0));
        assertEquals("Data", worker.events(FunctionEvent.DynamoDb.class).get(0).tableLogicalId());
        assertTrue(worker.events(FunctionEvent.Other.class).isEmpty());
    }

    @Test
    void tables_readKeysIndexesTtlAndStream() {
        DynamoTableDefinition data = TEMPLATE.tables().get("Data");
        assertEquals("Data", data.tableName());
        assertEquals("PK", data.hashKey());
        assertEquals("SK", data.rangeKey());
        assertEquals(Map.of("PK", "S", "SK", "S", "GSI1PK", "S", "LSK", "N"), data.attributeDefinitions());
        assertEquals(
                List.of(new DynamoTableDefinition.Index("GSI1", "GSI1PK", null, "INCLUDE", List.of("name"))),
                data.globalSecondaryIndexes());
        assertEquals(
                List.of(new DynamoTableDefinition.Index("LSI1", "PK", "LSK", "KEYS_ONLY", List.of())),
                data.localSecondaryIndexes());
        assertEquals("expiresAt", data.ttlAttribute());
        assertEquals("NEW_AND_OLD_IMAGES", data.streamViewType());
    }

    @Test
    void queues_readFifoVisibilityAndRedrive() {
        QueueDefinition jobs = TEMPLATE.queues().get("JobQueue");
        assertEquals("JobQueue.fifo", jobs.queueName());
        assertTrue(jobs.fifo());
        assertTrue(jobs.contentBasedDeduplication());
        assertEquals(90, jobs.visibilityTimeout());
        assertEquals("JobDlq", jobs.deadLetterQueueLogicalId());
        assertEquals(3, jobs.maxReceiveCount());
        QueueDefinition dlq = TEMPLATE.queues().get("JobDlq");
        assertEquals("jobs-dlq.fifo", dlq.queueName());
        assertNull(dlq.deadLetterQueueLogicalId());
    }

    @Test
    void buckets_readNamesAndQueueNotifications() {
        assertEquals("tenantry-media", TEMPLATE.buckets().get("Media").bucketName());
        assertEquals("my-bucket", TEMPLATE.buckets().get("Named").bucketName());
        assertEquals("tenantry-computed", TEMPLATE.buckets().get("Computed").bucketName());
        assertEquals(
                List.of(new BucketDefinition.QueueNotification(
                        "s3:ObjectCreated:*", "JobQueue", Map.of("prefix", "uploads/"))),
                TEMPLATE.buckets().get("Media").queueNotifications());
    }

    @Test
    void derivedBucketNames_followS3Rules() {
        assertEquals("tenantry-my_bucket".replace('_', '-'), PhysicalNames.derivedBucketName("My_Bucket"));
        String longName = PhysicalNames.derivedBucketName("A".repeat(80));
        assertEquals(63, longName.length());
        assertTrue(longName.matches("[a-z0-9][a-z0-9.-]+[a-z0-9]"), longName);
        assertEquals("tenantry-x", PhysicalNames.derivedBucketName("X--"));
    }

    @Test
    void unknownFunction_failsListingTheFunctions() {
        TemplateException e = assertThrows(TemplateException.class, () -> TEMPLATE.function("Nope"));
        assertTrue(e.getMessage().contains("[Api, Worker]"), e.getMessage());
    }

    @Test
    void sqsEventWithLiteralArn_failsNamingThePath() {
        TemplateException e = assertThrows(TemplateException.class, () -> SamTemplate.parse("""
                        Resources:
                          Fn:
                            Type: AWS::Serverless::Function
                            Properties:
                              Events:
                                Q:
                                  Type: SQS
                                  Properties: {Queue: "arn:aws:sqs:us-east-1:1:q"}
                        """, "bad.yaml"));
        assertTrue(e.getMessage().startsWith("Resources.Fn.Properties.Events.Q.Properties.Queue"), e.getMessage());
    }
}
