package io.tenantry.local.template;

import java.util.Map;

/**
 * An {@code AWS::SQS::Queue}: its local name and the attributes local queues honour. The redrive policy becomes
 * the dead-letter queue's logical id and {@code maxReceiveCount} (both null without one). Throughput attributes
 * ({@code DeduplicationScope}, {@code FifoThroughputLimit}) are ignored locally.
 */
public record QueueDefinition(
        String logicalId,
        String queueName,
        boolean fifo,
        boolean contentBasedDeduplication,
        Integer visibilityTimeout,
        Integer messageRetentionPeriod,
        Integer delaySeconds,
        Integer receiveMessageWaitTimeSeconds,
        Integer maximumMessageSize,
        String deadLetterQueueLogicalId,
        Integer maxReceiveCount) {

    static QueueDefinition from(TemplateResource queue) {
        Map<String, Object> p = queue.properties();
        Map<String, Object> redrive = Nodes.map(p.get("RedrivePolicy"), queue.path("RedrivePolicy"));
        String deadLetterQueue = null;
        if (!redrive.isEmpty()) {
            Object target = redrive.get("deadLetterTargetArn");
            deadLetterQueue = Nodes.referencedLogicalId(target)
                    .orElseThrow(() -> new TemplateException(queue.path("RedrivePolicy.deadLetterTargetArn")
                            + ": expected !GetAtt <Queue>.Arn of a queue in this template, found "
                            + Nodes.describe(target)));
        }
        return new QueueDefinition(
                queue.logicalId(),
                PhysicalNames.queue(queue),
                Nodes.bool(p.get("FifoQueue"), false, queue.path("FifoQueue")),
                Nodes.bool(p.get("ContentBasedDeduplication"), false, queue.path("ContentBasedDeduplication")),
                Nodes.integer(p.get("VisibilityTimeout"), queue.path("VisibilityTimeout")),
                Nodes.integer(p.get("MessageRetentionPeriod"), queue.path("MessageRetentionPeriod")),
                Nodes.integer(p.get("DelaySeconds"), queue.path("DelaySeconds")),
                Nodes.integer(p.get("ReceiveMessageWaitTimeSeconds"), queue.path("ReceiveMessageWaitTimeSeconds")),
                Nodes.integer(p.get("MaximumMessageSize"), queue.path("MaximumMessageSize")),
                deadLetterQueue,
                Nodes.integer(redrive.get("maxReceiveCount"), queue.path("RedrivePolicy.maxReceiveCount")));
    }
}
