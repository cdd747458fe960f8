package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A function's {@code EventInvokeConfig} (retries, event age, destinations), a schedule's own {@code RetryPolicy} and
 * {@code DeadLetterConfig}, and how a destination finds its queue.
 */
class EventInvokeConfigTest {
    private static final SamTemplate TEMPLATE = SamTemplate.parse("""
            Globals:
              Function:
                Runtime: java21
                EventInvokeConfig:
                  MaximumEventAgeInSeconds: 3600
            Resources:
              Export:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: pkg.Export
                  EventInvokeConfig:
                    MaximumRetryAttempts: 1
                    DestinationConfig:
                      OnFailure:
                        Type: SQS
                        Destination: !GetAtt Failures.Arn
                      OnSuccess:
                        Type: SQS
                        Destination: !Ref Successes
                  Events:
                    Daily:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: cron(30 2 * * ? *)
                        RetryPolicy:
                          MaximumRetryAttempts: 3
                          MaximumEventAgeInSeconds: 3600
                        DeadLetterConfig:
                          Arn: !GetAtt Failures.Arn
                    Hourly:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 hour)
              Plain:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: pkg.Plain
                  EventInvokeConfig:
                    MaximumRetryAttempts: 0
                    MaximumEventAgeInSeconds: 60
                    DestinationConfig:
                      OnFailure:
                        Type: SQS
                        Destination: arn:aws:sqs:us-east-1:000000000000:named-failures
                      OnSuccess:
                        Type: SNS
                        Destination: !Ref Topic
              Failures:
                Type: AWS::SQS::Queue
              Successes:
                Type: AWS::SQS::Queue
              Named:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: named-failures
              Topic:
                Type: AWS::SNS::Topic
            """, "async.yaml");

    private static final Intrinsics INTRINSICS =
            new Intrinsics(TEMPLATE, new TemplateResources(TEMPLATE, URI.create("http://127.0.0.1:9324")));

    @Test
    void eventInvokeConfig_readsRetriesAgeAndDestinations_mergedOverTheGlobalOne() {
        EventInvokeConfig export = TEMPLATE.function("Export").eventInvokeConfig();
        assertEquals(1, export.maximumRetryAttempts());
        assertEquals(3600, export.maximumEventAgeInSeconds(), "from Globals.Function.EventInvokeConfig");
        assertEquals("SQS", export.onFailure().type());
        assertTrue(export.onFailure().isSqs());
        assertEquals(Optional.of("Failures"), export.onFailure().referencedLogicalId());
        assertEquals(Optional.of("Successes"), export.onSuccess().referencedLogicalId());
        assertEquals(
                "Resources.Export.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination",
                export.onFailure().path());

        EventInvokeConfig plain = TEMPLATE.function("Plain").eventInvokeConfig();
        assertEquals(0, plain.maximumRetryAttempts());
        assertEquals(60, plain.maximumEventAgeInSeconds());
        assertEquals(
                "arn:aws:sqs:us-east-1:000000000000:named-failures",
                plain.onFailure().destination());
        assertEquals(Optional.empty(), plain.onFailure().referencedLogicalId());
        assertEquals("SNS", plain.onSuccess().type());
    }

    @Test
    void withoutEventInvokeConfig_lambdasDefaultsApply() {
        SamTemplate bare = SamTemplate.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: pkg.Fn}
                """, "bare.yaml");
        EventInvokeConfig config = bare.function("Fn").eventInvokeConfig();
        assertSame(EventInvokeConfig.DEFAULT, config);
        assertTrue(config.isDefault());
        assertEquals(2, config.maximumRetryAttempts());
        assertEquals(21_600, config.maximumEventAgeInSeconds());
        assertNull(config.onFailure());
        assertNull(config.onSuccess());

        EventInvokeConfig ageOnly =
                SamTemplate.parse("""
                        Resources:
                          Fn:
                            Type: AWS::Serverless::Function
                            Properties:
                              Handler: pkg.Fn
                              EventInvokeConfig: {MaximumEventAgeInSeconds: 120}
                        """, "age.yaml").function("Fn").eventInvokeConfig();
        assertEquals(2, ageOnly.maximumRetryAttempts(), "MaximumRetryAttempts defaults to 2");
        assertEquals(120, ageOnly.maximumEventAgeInSeconds());
    }

    @Test
    void outOfRangeValues_failNamingThePath() {
        TemplateException retries =
                assertThrows(TemplateException.class, () -> withConfig("{MaximumRetryAttempts: 3}"));
        assertTrue(
                retries.getMessage()
                        .startsWith(
                                "Resources.Fn.Properties.EventInvokeConfig.MaximumRetryAttempts: must be 0, 1 or 2"),
                retries.getMessage());
        TemplateException age =
                assertThrows(TemplateException.class, () -> withConfig("{MaximumEventAgeInSeconds: 59}"));
        assertTrue(
                age.getMessage().contains("MaximumEventAgeInSeconds: must be between 60 and 21600"), age.getMessage());
        TemplateException type = assertThrows(
                TemplateException.class,
                () -> withConfig("{DestinationConfig: {OnFailure: {Destination: arn:aws:sqs:us-east-1:1:q}}}"));
        assertTrue(type.getMessage().contains("DestinationConfig.OnFailure.Type: missing"), type.getMessage());
    }

    private static void withConfig(String config) {
        SamTemplate.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: pkg.Fn
                      EventInvokeConfig: %s
                """.formatted(config), "bad.yaml");
    }

    @Test
    void scheduleEvents_keepTheSchedulersRetryPolicyAndDeadLetterQueue() {
        List<FunctionEvent.Schedule> schedules = TEMPLATE.function("Export").events(FunctionEvent.Schedule.class);
        FunctionEvent.Schedule daily = schedules.get(0);
        assertEquals(new FunctionEvent.RetryPolicy(3, 3600), daily.retryPolicy());
        assertEquals(Map.of("Fn::GetAtt", List.of("Failures", "Arn")), daily.deadLetterArn());
        assertEquals(Optional.of("Failures"), daily.deadLetterQueueLogicalId());
        FunctionEvent.Schedule hourly = schedules.get(1);
        assertNull(hourly.retryPolicy());
        assertNull(hourly.deadLetterArn());
        assertEquals(Optional.empty(), hourly.deadLetterQueueLogicalId());
    }

    @Test
    void destinations_findTheirQueue_byGetAttRefArnUrlOrName() {
        assertEquals(Optional.of("Failures"), queue(Map.of("Fn::GetAtt", List.of("Failures", "Arn"))));
        assertEquals(Optional.of("Successes"), queue(Map.of("Ref", "Successes")));
        assertEquals(Optional.of("Named"), queue("arn:aws:sqs:us-east-1:000000000000:named-failures"));
        assertEquals(
                Optional.of("Failures"),
                queue(Map.of("Fn::Sub", "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:Failures")));
        assertEquals(Optional.of("Named"), queue("http://127.0.0.1:9324/000000000000/named-failures"));
        assertEquals(Optional.empty(), queue(Map.of("Ref", "Topic")), "a topic is not a queue");
        assertEquals(Optional.empty(), queue("arn:aws:sns:us-east-1:000000000000:Failures"));
        assertEquals(Optional.empty(), queue("arn:aws:sqs:us-east-1:000000000000:elsewhere"));
        assertEquals(Optional.empty(), queue(null));
    }

    private static Optional<String> queue(Object reference) {
        return INTRINSICS.queueLogicalId(reference, "Destination");
    }
}
