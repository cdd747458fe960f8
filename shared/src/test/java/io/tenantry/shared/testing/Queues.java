package io.tenantry.shared.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tenantry.local.testkit.AwsEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** What the workers' tests do with a queue: receive as Lambda's poller does, and hand the batch to a worker. */
public final class Queues {
    private Queues() {}

    /** Up to 10 messages waiting now (no long poll), with their system and message attributes. */
    public static List<Message> receive(AwsEnvironment aws, String queueUrl) {
        return aws.sqs()
                .receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
    }

    /** Every message waiting in the queue, each deleted once received (a dead-letter queue read empty). */
    public static List<Message> takeAll(AwsEnvironment aws, String queueUrl) {
        List<Message> all = new ArrayList<>();
        for (List<Message> batch = receive(aws, queueUrl); !batch.isEmpty(); batch = receive(aws, queueUrl)) {
            all.addAll(batch);
            batch.forEach(m -> aws.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
        return all;
    }

    /** The {@code SQSEvent} Lambda would deliver for these messages. */
    public static SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setAttributes(new HashMap<>(message.attributesAsStrings()));
            record.setEventSource("aws:sqs");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
