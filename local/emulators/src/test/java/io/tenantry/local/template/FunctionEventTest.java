package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code Type: DynamoDB} events: every property the local stream poller honours, and Lambda's defaults. */
class FunctionEventTest {
    private static final String OUTBOX_PATTERN =
            "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"Keys\": {\"SK\": {\"S\": [{\"prefix\": \"OUTBOX#\"}]}}}}";

    private static SamTemplate template(String events) {
        return SamTemplate.parse("""
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions: [{AttributeName: PK, AttributeType: S}]
                      KeySchema: [{AttributeName: PK, KeyType: HASH}]
                      StreamSpecification: {StreamViewType: NEW_IMAGE}
                  RelayDeadLetterQueue:
                    Type: AWS::SQS::Queue
                  Relay:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: pkg.Relay
                      Runtime: java21
                      Events:
                """ + events.indent(8), "streams.yaml");
    }

    @Test
    void dynamoDbEvent_readsEveryPropertyOfTheOutboxMapping() {
        SamTemplate template = template("""
                OutboxStream:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Table.StreamArn
                    StartingPosition: TRIM_HORIZON
                    BatchSize: 25
                    MaximumBatchingWindowInSeconds: 2
                    BisectBatchOnFunctionError: true
                    MaximumRetryAttempts: 10
                    FunctionResponseTypes: [ReportBatchItemFailures]
                    Enabled: false
                    FilterCriteria:
                      Filters:
                        - Pattern: '%s'
                        - Pattern: '{"eventName": ["REMOVE"]}'
                    DestinationConfig:
                      OnFailure:
                        Type: SQS
                        Destination: !GetAtt RelayDeadLetterQueue.Arn
                """.formatted(OUTBOX_PATTERN));

        FunctionEvent.DynamoDb event =
                template.function("Relay").events(FunctionEvent.DynamoDb.class).getFirst();

        assertEquals("OutboxStream", event.name());
        assertEquals("Table", event.tableLogicalId());
        assertEquals("TRIM_HORIZON", event.startingPosition());
        assertEquals(25, event.batchSize());
        assertEquals(2, event.maximumBatchingWindowInSeconds());
        assertTrue(event.bisectBatchOnFunctionError());
        assertEquals(10, event.maximumRetryAttempts());
        assertTrue(event.reportsBatchItemFailures());
        assertFalse(event.enabled());
        assertEquals(List.of(OUTBOX_PATTERN, "{\"eventName\": [\"REMOVE\"]}"), event.filterPatterns());
        assertEquals(Optional.of("RelayDeadLetterQueue"), event.onFailureQueueLogicalId());
    }

    @Test
    void dynamoDbEvent_withOnlyItsRequiredProperties_takesLambdasDefaults() {
        SamTemplate template = template("""
                Changes:
                  Type: DynamoDB
                  Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}
                """);

        FunctionEvent.DynamoDb event =
                template.function("Relay").events(FunctionEvent.DynamoDb.class).getFirst();

        assertEquals(
                new FunctionEvent.DynamoDb(
                        "Changes", "Table", "LATEST", 100, 0, List.of(), false, -1, List.of(), true, null),
                event);
        assertFalse(event.reportsBatchItemFailures());
        assertEquals(Optional.empty(), event.onFailureQueueLogicalId());
    }

    @Test
    void dynamoDbEvent_withAnSnsOnFailure_namesNoQueue() {
        SamTemplate template = template("""
                Changes:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Table.StreamArn
                    StartingPosition: LATEST
                    DestinationConfig:
                      OnFailure: {Type: SNS, Destination: !Ref Topic}
                """);

        FunctionEvent.DynamoDb event =
                template.function("Relay").events(FunctionEvent.DynamoDb.class).getFirst();

        assertEquals("SNS", event.onFailure().type());
        assertEquals(Optional.empty(), event.onFailureQueueLogicalId());
    }

    @Test
    void dynamoDbEvent_withoutAKnownStartingPosition_isRefused() {
        TemplateException missing = assertThrows(TemplateException.class, () -> template("""
                        Changes:
                          Type: DynamoDB
                          Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: AT_TIMESTAMP}
                        """));
        assertTrue(missing.getMessage().contains("StartingPosition"), missing.getMessage());
    }
}
