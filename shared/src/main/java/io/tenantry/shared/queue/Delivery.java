package io.tenantry.shared.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Map;

/**
 * What SQS says about one delivery of a message, read from its attributes in this one place: its id
 * and {@code ApproximateReceiveCount} (1 on the first delivery; at the queue's {@code
 * maxReceiveCount} this is the last attempt before the redrive policy moves it).
 */
public record Delivery(String messageId, int receiveCount) {
    /** The system attribute that counts the deliveries of a message. */
    public static final String RECEIVE_COUNT = "ApproximateReceiveCount";

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
        return new Delivery(message == null ? null : message.getMessageId(), receiveCount);
    }
}
