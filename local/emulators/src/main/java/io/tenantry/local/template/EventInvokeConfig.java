package io.tenantry.local.template;

import java.util.Map;
import java.util.Optional;

/**
 * A function's {@code EventInvokeConfig}: how Lambda handles its asynchronous invocations. A function error (or a
 * timeout) is retried up to {@code maximumRetryAttempts} times (0 to 2; 2 without the property, as Lambda does), an
 * event older than {@code maximumEventAgeInSeconds} (60 to 21600; 21600 by default) is not retried, and the outcome
 * can go to an {@code OnSuccess} or {@code OnFailure} destination (null when not configured). Without an
 * {@code EventInvokeConfig}, a function gets {@link #DEFAULT}.
 */
public record EventInvokeConfig(
        int maximumRetryAttempts, int maximumEventAgeInSeconds, Destination onSuccess, Destination onFailure) {

    public static final int DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 2;
    public static final int DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 21_600;
    private static final int MINIMUM_EVENT_AGE_SECONDS = 60;

    /** What Lambda does for a function without an {@code EventInvokeConfig}: two retries, six hours, no destination. */
    public static final EventInvokeConfig DEFAULT =
            new EventInvokeConfig(DEFAULT_MAXIMUM_RETRY_ATTEMPTS, DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, null, null);

    /**
     * One destination of {@code DestinationConfig}: its {@code Type} ({@code SQS}, {@code SNS}, {@code Lambda},
     * {@code EventBridge}, {@code S3Bucket}) and its {@code Destination} as written (an ARN, or {@code !GetAtt
     * <Queue>.Arn}, {@code !Ref}, {@code !Sub}…; intrinsics unresolved, null when absent: SAM then creates the queue or
     * topic itself). {@code path} is where it sits in the template, for messages.
     */
    public record Destination(String type, Object destination, String path) {
        /** True for an SQS queue, the only kind the local backend delivers to. */
        public boolean isSqs() {
            return "SQS".equalsIgnoreCase(type);
        }

        /** The logical id the destination names with {@code !Ref} or {@code !GetAtt}, if it does. */
        public Optional<String> referencedLogicalId() {
            return Nodes.referencedLogicalId(destination);
        }
    }

    /** True when Lambda's defaults apply: two retries, six hours, no destination. */
    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** Reads {@code EventInvokeConfig} (null or empty for the defaults); {@code path} is where it sits. */
    static EventInvokeConfig from(Object value, String path) {
        Map<String, Object> config = Nodes.map(value, path);
        if (config.isEmpty()) {
            return DEFAULT;
        }
        Integer retries = Nodes.integer(config.get("MaximumRetryAttempts"), path + ".MaximumRetryAttempts");
        if (retries != null && (retries < 0 || retries > DEFAULT_MAXIMUM_RETRY_ATTEMPTS)) {
            throw new TemplateException(
                    path + ".MaximumRetryAttempts: must be 0, 1 or 2 (Lambda's limit), found " + retries);
        }
        Integer age = Nodes.integer(config.get("MaximumEventAgeInSeconds"), path + ".MaximumEventAgeInSeconds");
        if (age != null && (age < MINIMUM_EVENT_AGE_SECONDS || age > DEFAULT_MAXIMUM_EVENT_AGE_SECONDS)) {
            throw new TemplateException(path + ".MaximumEventAgeInSeconds: must be between " + MINIMUM_EVENT_AGE_SECONDS
                    + " and " + DEFAULT_MAXIMUM_EVENT_AGE_SECONDS + ", found " + age);
        }
        Map<String, Object> destinations = Nodes.map(config.get("DestinationConfig"), path + ".DestinationConfig");
        return new EventInvokeConfig(
                retries == null ? DEFAULT_MAXIMUM_RETRY_ATTEMPTS : retries,
                age == null ? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS : age,
                destination(destinations.get("OnSuccess"), path + ".DestinationConfig.OnSuccess"),
                destination(destinations.get("OnFailure"), path + ".DestinationConfig.OnFailure"));
    }

    /** One {@code OnSuccess} or {@code OnFailure} (null when absent); also read by {@link FunctionEvent.DynamoDb}. */
    static Destination destination(Object value, String path) {
        if (value == null) {
            return null;
        }
        Map<String, Object> destination = Nodes.map(value, path);
        String type = Nodes.string(destination.get("Type"), path + ".Type");
        if (type == null) {
            throw new TemplateException(path + ".Type: missing (SQS, SNS, Lambda, EventBridge or S3Bucket)");
        }
        return new Destination(type, destination.get("Destination"), path + ".Destination");
    }
}
