package io.tenantry.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One entry of a function's {@code Events}: what triggers it. */
public sealed interface FunctionEvent {

    /** The event's key under {@code Events}. */
    String name();

    /**
     * An {@code HttpApi} route. {@code authorizer} is null for the API's default authorizer, {@code "NONE"} for a
     * public route, or the name of another authorizer.
     */
    record HttpApi(String name, String method, String path, String authorizer, String payloadFormatVersion)
            implements FunctionEvent {
        /** True when the route opts out of authorization ({@code Auth.Authorizer: NONE}). */
        public boolean isPublic() {
            return "NONE".equals(authorizer);
        }
    }

    /** An {@code SQS} event source mapping; {@code maximumConcurrency} is null when not set. */
    record Sqs(
            String name,
            String queueLogicalId,
            int batchSize,
            int maximumBatchingWindowInSeconds,
            List<String> functionResponseTypes,
            Integer maximumConcurrency,
            boolean enabled)
            implements FunctionEvent {
        /** True when the function returns partial batch failures. */
        public boolean reportsBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }
    }

    /**
     * A {@code Schedule} or {@code ScheduleV2} event: {@code rate(…)} or {@code cron(…)}, the constant input (JSON,
     * or null) and the time zone (null for UTC). {@code retryPolicy} and {@code deadLetterArn} (as written,
     * intrinsics unresolved) are the scheduler's own: how often EventBridge tries to deliver the event to Lambda,
     * and where an event it could not deliver goes; both null when not set. They do not concern function errors,
     * which Lambda retries itself ({@link FunctionDefinition#eventInvokeConfig()}).
     */
    record Schedule(
            String name,
            String type,
            String expression,
            String input,
            String timezone,
            boolean enabled,
            RetryPolicy retryPolicy,
            Object deadLetterArn)
            implements FunctionEvent {

        /** A schedule without a retry policy or dead-letter queue of its own. */
        public Schedule(String name, String type, String expression, String input, String timezone, boolean enabled) {
            this(name, type, expression, input, timezone, enabled, null, null);
        }

        /** The queue {@code DeadLetterConfig.Arn} names with {@code !GetAtt} or {@code !Ref}, if it does. */
        public Optional<String> deadLetterQueueLogicalId() {
            return Nodes.referencedLogicalId(deadLetterArn);
        }
    }

    /** A schedule's {@code RetryPolicy}: either value null when not set. */
    record RetryPolicy(Integer maximumRetryAttempts, Integer maximumEventAgeInSeconds) {}

    /** An {@code S3} event: the bucket, the event types and the key filter rules ({@code prefix}, {@code suffix}). */
    record S3(String name, String bucketLogicalId, List<String> events, Map<String, String> filterRules)
            implements FunctionEvent {}

    /**
     * A {@code DynamoDB} event source mapping on a table's stream ({@code Stream: !GetAtt <Table>.StreamArn}): where
     * to start, how to batch, how to retry, which records to keep ({@code filterPatterns}, the JSON of each
     * {@code FilterCriteria.Filters[].Pattern}; none keeps every record), and where records go when the retries are
     * exhausted ({@code onFailure}, as written; null when not set). {@code maximumRetryAttempts} is -1 when not set:
     * Lambda then retries until the record leaves the stream.
     */
    record DynamoDb(
            String name,
            String tableLogicalId,
            String startingPosition,
            int batchSize,
            int maximumBatchingWindowInSeconds,
            List<String> functionResponseTypes,
            boolean bisectBatchOnFunctionError,
            int maximumRetryAttempts,
            List<String> filterPatterns,
            boolean enabled,
            EventInvokeConfig.Destination onFailure)
            implements FunctionEvent {
        /** Lambda's default {@code BatchSize} for a DynamoDB stream. */
        public static final int DEFAULT_BATCH_SIZE = 100;

        /** True when the function returns partial batch failures. */
        public boolean reportsBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }

        /** The queue the {@code OnFailure} destination names with {@code !GetAtt} or {@code !Ref}, if it does. */
        public Optional<String> onFailureQueueLogicalId() {
            return onFailure == null || !onFailure.isSqs() ? Optional.empty() : onFailure.referencedLogicalId();
        }
    }

    /** Any other event type, kept with its raw properties. */
    record Other(String name, String type, Map<String, Object> properties) implements FunctionEvent {}

    /** Reads one event of a function; {@code path} is where it sits in the template. */
    static FunctionEvent from(String name, Map<String, Object> body, String path) {
        String type = Nodes.string(body.get("Type"), path + ".Type");
        Map<String, Object> p = Nodes.map(body.get("Properties"), path + ".Properties");
        String at = path + ".Properties.";
        return switch (type == null ? "" : type) {
            case "HttpApi" ->
                new HttpApi(
                        name,
                        Nodes.string(p.getOrDefault("Method", "ANY"), at + "Method")
                                .toUpperCase(Locale.ROOT),
                        Nodes.string(p.getOrDefault("Path", "$default"), at + "Path"),
                        Nodes.string(Nodes.map(p.get("Auth"), at + "Auth").get("Authorizer"), at + "Auth.Authorizer"),
                        Nodes.string(p.getOrDefault("PayloadFormatVersion", "2.0"), at + "PayloadFormatVersion"));
            case "SQS" ->
                new Sqs(
                        name,
                        logicalId(p.get("Queue"), at + "Queue"),
                        orDefault(Nodes.integer(p.get("BatchSize"), at + "BatchSize"), 10),
                        orDefault(
                                Nodes.integer(
                                        p.get("MaximumBatchingWindowInSeconds"), at + "MaximumBatchingWindowInSeconds"),
                                0),
                        Nodes.strings(p.get("FunctionResponseTypes"), at + "FunctionResponseTypes"),
                        Nodes.integer(
                                Nodes.map(p.get("ScalingConfig"), at + "ScalingConfig")
                                        .get("MaximumConcurrency"),
                                at + "ScalingConfig.MaximumConcurrency"),
                        Nodes.bool(p.get("Enabled"), true, at + "Enabled"));
            case "Schedule" ->
                new Schedule(
                        name,
                        type,
                        Nodes.string(p.get("Schedule"), at + "Schedule"),
                        Nodes.string(p.get("Input"), at + "Input"),
                        null,
                        Nodes.bool(p.get("Enabled"), true, at + "Enabled"),
                        retryPolicy(p.get("RetryPolicy"), at + "RetryPolicy"),
                        deadLetterArn(p.get("DeadLetterConfig"), at + "DeadLetterConfig"));
            case "ScheduleV2" ->
                new Schedule(
                        name,
                        type,
                        Nodes.string(p.get("ScheduleExpression"), at + "ScheduleExpression"),
                        Nodes.string(p.get("Input"), at + "Input"),
                        Nodes.string(p.get("ScheduleExpressionTimezone"), at + "ScheduleExpressionTimezone"),
                        !"DISABLED".equals(Nodes.string(p.get("State"), at + "State")),
                        retryPolicy(p.get("RetryPolicy"), at + "RetryPolicy"),
                        deadLetterArn(p.get("DeadLetterConfig"), at + "DeadLetterConfig"));
            case "S3" ->
                new S3(
                        name,
                        logicalId(p.get("Bucket"), at + "Bucket"),
                        Nodes.strings(p.get("Events"), at + "Events"),
                        filterRules(p.get("Filter"), at + "Filter"));
            case "DynamoDB" -> dynamoDb(name, p, at);
            default -> new Other(name, type, p);
        };
    }

    private static DynamoDb dynamoDb(String name, Map<String, Object> p, String at) {
        String startingPosition = Nodes.string(p.get("StartingPosition"), at + "StartingPosition");
        if (!"TRIM_HORIZON".equals(startingPosition) && !"LATEST".equals(startingPosition)) {
            throw new TemplateException(at + "StartingPosition: expected TRIM_HORIZON or LATEST (the only positions a"
                    + " DynamoDB stream has), found " + startingPosition);
        }
        List<String> patterns = new ArrayList<>();
        List<Object> filters = Nodes.list(
                Nodes.map(p.get("FilterCriteria"), at + "FilterCriteria").get("Filters"),
                at + "FilterCriteria.Filters");
        for (int i = 0; i < filters.size(); i++) {
            String filter = at + "FilterCriteria.Filters[" + i + "]";
            patterns.add(Nodes.string(Nodes.map(filters.get(i), filter).get("Pattern"), filter + ".Pattern"));
        }
        return new DynamoDb(
                name,
                logicalId(p.get("Stream"), at + "Stream"),
                startingPosition,
                orDefault(Nodes.integer(p.get("BatchSize"), at + "BatchSize"), DynamoDb.DEFAULT_BATCH_SIZE),
                orDefault(
                        Nodes.integer(p.get("MaximumBatchingWindowInSeconds"), at + "MaximumBatchingWindowInSeconds"),
                        0),
                Nodes.strings(p.get("FunctionResponseTypes"), at + "FunctionResponseTypes"),
                Nodes.bool(p.get("BisectBatchOnFunctionError"), false, at + "BisectBatchOnFunctionError"),
                orDefault(Nodes.integer(p.get("MaximumRetryAttempts"), at + "MaximumRetryAttempts"), -1),
                List.copyOf(patterns),
                Nodes.bool(p.get("Enabled"), true, at + "Enabled"),
                EventInvokeConfig.destination(
                        Nodes.map(p.get("DestinationConfig"), at + "DestinationConfig")
                                .get("OnFailure"),
                        at + "DestinationConfig.OnFailure"));
    }

    /** {@code Filter.S3Key.Rules} as name → value ({@code prefix}, {@code suffix}). */
    static Map<String, String> filterRules(Object filter, String path) {
        Map<String, Object> s3Key = Nodes.map(Nodes.map(filter, path).get("S3Key"), path + ".S3Key");
        Map<String, String> rules = new LinkedHashMap<>();
        List<Object> list = Nodes.list(s3Key.get("Rules"), path + ".S3Key.Rules");
        for (int i = 0; i < list.size(); i++) {
            String at = path + ".S3Key.Rules[" + i + "]";
            Map<String, Object> rule = Nodes.map(list.get(i), at);
            rules.put(
                    Nodes.string(rule.get("Name"), at + ".Name").toLowerCase(Locale.ROOT),
                    Nodes.string(rule.get("Value"), at + ".Value"));
        }
        return Map.copyOf(rules);
    }

    private static RetryPolicy retryPolicy(Object value, String path) {
        if (value == null) {
            return null;
        }
        Map<String, Object> policy = Nodes.map(value, path);
        return new RetryPolicy(
                Nodes.integer(policy.get("MaximumRetryAttempts"), path + ".MaximumRetryAttempts"),
                Nodes.integer(policy.get("MaximumEventAgeInSeconds"), path + ".MaximumEventAgeInSeconds"));
    }

    /** {@code DeadLetterConfig.Arn} as written, or null (also for SAM's {@code Type: SQS}, a queue SAM creates). */
    private static Object deadLetterArn(Object value, String path) {
        return Nodes.map(value, path).get("Arn");
    }

    private static String logicalId(Object reference, String path) {
        return Nodes.referencedLogicalId(reference)
                .orElseThrow(() ->
                        new TemplateException(path + ": expected !Ref or !GetAtt of a resource in this template, found "
                                + Nodes.describe(reference)));
    }

    private static int orDefault(Integer value, int absent) {
        return value == null ? absent : value;
    }
}
