package io.tenantry.outbox.repository;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The media worker's queue, as the upload relay sends to it: each upload's notification with its tenant as the
 * message group id. On a standard queue that makes it an SQS fair queue: when one tenant's uploads pile up, SQS
 * hands the other tenants' messages out first, so a flood from one tenant does not hold up another's (S3's own
 * notifications cannot set a group, hence the relay). The queue's URL comes from {@code TENANTRY_MEDIA_QUEUE}.
 */
@Singleton
public class UploadQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public UploadQueue(SqsClient sqs, @Value("${tenantry.media.queue:}") String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Sends {@code body} (an S3 event notification of one upload) in the tenant's message group. */
    public void send(String tenantId, String body) {
        if (queueUrl.isBlank()) {
            throw new IllegalStateException("TENANTRY_MEDIA_QUEUE is not set: nowhere to send the upload");
        }
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageGroupId(tenantId));
    }
}
