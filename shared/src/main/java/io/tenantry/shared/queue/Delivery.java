package io.tenantry.shared.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Map;

/**
 * What SQS says about one delivery of a message, read from its attributes in this one place: its id,
 * {@code ApproximateReceiveCount} (1 on the first delivery; at the queue's {@code maxReceiveCount}
 * this is the last attempt before the redrive policy moves it) and {@code SentTimestamp} (when SQS
 * received it, epoch milliseconds; -1 when missing or unreadable).
 */
public record Delivery(String messageId, int receiveCount, long sentTimestamp) {
    /** The system attribute that counts the deliveries of a message. */
    public static final String RECEIVE_COUNT = "ApproximateReceiveCount";

    /** The system attribute that says when SQS received the message. */
    public static final String SENT_TIMESTAMP = "SentTimestamp";

    /** The delivery of {@code message}; a missing or unreadable count reads as the first delivery. */
    public static Delivery of(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message == null ? null : message.getAttributes();
        String count = attributes == null ? null : attributes.get(RECEIVE_COUNT);
        int receiveCount = 1;
        if (count != null) {
            try {
                receiveCount = Math.max(1, Integer.parseInt(count.strip()));
            } catch (NumberFormatException e) {
                receiveCount = 1;
            }
        }
        long sent = -1;
        String sentAt = attributes == null ? null : attributes.get(SENT_TIMESTAMP);
        if (sentAt != null) {
            try {
                sent = Long.parseLong(sentAt.strip());
            } catch (NumberFormatException e) {
                sent = -1;
            }
        }
        return new Delivery(message == null ? null : message.getMessageId(), receiveCount, sent);
    }
}
