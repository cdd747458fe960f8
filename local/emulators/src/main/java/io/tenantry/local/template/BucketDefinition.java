package io.tenantry.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An {@code AWS::S3::Bucket}: its local name and the notifications it sends to queues. */
public record BucketDefinition(String logicalId, String bucketName, List<QueueNotification> queueNotifications) {

    /** One {@code QueueConfigurations} entry: the event ({@code s3:ObjectCreated:*}), queue and key filter rules. */
    public record QueueNotification(String event, String queueLogicalId, Map<String, String> filterRules) {}

    static BucketDefinition from(TemplateResource bucket) {
        String path = bucket.path("NotificationConfiguration.QueueConfigurations");
        Map<String, Object> configuration = Nodes.map(
                bucket.properties().get("NotificationConfiguration"), bucket.path("NotificationConfiguration"));
        List<Object> entries = Nodes.list(configuration.get("QueueConfigurations"), path);
        List<QueueNotification> notifications = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = path + "[" + i + "]";
            Map<String, Object> entry = Nodes.map(entries.get(i), at);
            Object queue = entry.get("Queue");
            notifications.add(new QueueNotification(
                    Nodes.string(entry.get("Event"), at + ".Event"),
                    Nodes.referencedLogicalId(queue)
                            .orElseThrow(() -> new TemplateException(at + ".Queue: expected !GetAtt <Queue>.Arn of a"
                                    + " queue in this template, found " + Nodes.describe(queue))),
                    FunctionEvent.filterRules(entry.get("Filter"), at + ".Filter")));
        }
        return new BucketDefinition(bucket.logicalId(), PhysicalNames.bucket(bucket), List.copyOf(notifications));
    }
}
