package io.tenantry.local.emulators;

import io.tenantry.local.template.QueueDefinition;
import io.tenantry.local.template.TemplateResource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Creates queues, each dead-letter queue before the queues that redrive to it. */
final class QueueProvisioner {
    private final SqsClient sqs;

    QueueProvisioner(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** Provisions every queue; the result lists dead-letter queues before their sources. */
    Map<String, ProvisionedResource> provision(Map<String, QueueDefinition> queues) {
        Map<String, ProvisionedResource> done = new LinkedHashMap<>();
        queues.values().forEach(queue -> provision(queue, queues, done, new HashSet<>()));
        return done;
    }

    private ProvisionedResource provision(
            QueueDefinition queue,
            Map<String, QueueDefinition> queues,
            Map<String, ProvisionedResource> done,
            Set<String> visiting) {
        ProvisionedResource existing = done.get(queue.logicalId());
        if (existing != null) {
            return existing;
        }
        if (!visiting.add(queue.logicalId())) {
            throw new IllegalStateException("Queue redrive policies form a cycle through " + visiting);
        }
        String redrivePolicy = null;
        if (queue.deadLetterQueueLogicalId() != null) {
            QueueDefinition deadLetter = queues.get(queue.deadLetterQueueLogicalId());
            if (deadLetter == null) {
                throw new IllegalStateException("RedrivePolicy of " + queue.logicalId() + " names "
                        + queue.deadLetterQueueLogicalId() + ", which is not an AWS::SQS::Queue of the template");
            }
            redrivePolicy = redrivePolicy(
                    queue, provision(deadLetter, queues, done, visiting).arn());
        }
        String policy = redrivePolicy;
        String url = queueUrl(queue.queueName()).orElseGet(() -> create(queue, policy));
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        ProvisionedResource resource = new ProvisionedResource(
                queue.logicalId(),
                TemplateResource.QUEUE,
                queue.queueName(),
                url,
                Map.of("Arn", arn, "QueueName", queue.queueName(), "QueueUrl", url));
        done.put(queue.logicalId(), resource);
        return resource;
    }

    private Optional<String> queueUrl(String queueName) {
        try {
            return Optional.of(sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl());
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        }
    }

    private String create(QueueDefinition queue, String redrivePolicy) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        if (queue.fifo()) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            if (queue.contentBasedDeduplication()) {
                attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
            }
        }
        put(attributes, QueueAttributeName.VISIBILITY_TIMEOUT, queue.visibilityTimeout());
        put(attributes, QueueAttributeName.MESSAGE_RETENTION_PERIOD, queue.messageRetentionPeriod());
        put(attributes, QueueAttributeName.DELAY_SECONDS, queue.delaySeconds());
        put(attributes, QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, queue.receiveMessageWaitTimeSeconds());
        put(attributes, QueueAttributeName.MAXIMUM_MESSAGE_SIZE, queue.maximumMessageSize());
        if (redrivePolicy != null) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy);
        }
        return sqs.createQueue(r -> r.queueName(queue.queueName()).attributes(attributes))
                .queueUrl();
    }

    /** The {@code RedrivePolicy} attribute: JSON naming the dead-letter queue's ARN. */
    private static String redrivePolicy(QueueDefinition queue, String deadLetterArn) {
        if (queue.maxReceiveCount() == null) {
            throw new IllegalStateException("RedrivePolicy of " + queue.logicalId() + " has no maxReceiveCount");
        }
        return "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":" + queue.maxReceiveCount()
                + "}";
    }

    private static void put(Map<QueueAttributeName, String> attributes, QueueAttributeName name, Integer value) {
        if (value != null) {
            attributes.put(name, value.toString());
        }
    }
}
