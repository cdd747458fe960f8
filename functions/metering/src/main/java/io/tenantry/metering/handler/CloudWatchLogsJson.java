package io.tenantry.metering.handler;

import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * A CloudWatch Logs subscription's delivery, as {@link UsageLogHandler} reads it itself (shared {@code EventHandler},
 * {@code EventJson}), under the name Lambda sends and the runtime's own mix-in reads: {@code awslogs}. Imported here,
 * not in shared, so that no other function carries these classes' introspections.
 */
@SerdeImport(value = CloudWatchLogsEvent.class, mixin = CloudWatchLogsJson.LogsEventNames.class)
@SerdeImport(CloudWatchLogsEvent.AWSLogs.class)
final class CloudWatchLogsJson {
    private CloudWatchLogsJson() {}

    /** {@code CloudWatchLogsEvent}'s property as Lambda names it. */
    interface LogsEventNames {
        @JsonProperty("awslogs")
        CloudWatchLogsEvent.AWSLogs getAwsLogs();
    }
}
