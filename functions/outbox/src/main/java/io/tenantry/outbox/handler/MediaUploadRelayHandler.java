package io.tenantry.outbox.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import io.tenantry.outbox.service.UploadRelay;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.shared.queue.UnusableMessageException;
import io.tenantry.shared.snapstart.Priming;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media upload relay: the media bucket notifies {@code MediaUploadsQueue} of every upload (S3 cannot set a
 * message group), and this worker sends each upload on to the media worker's queue in its tenant's message group
 * ({@link UploadRelay}). A message that is not an S3 event notification goes to the dead-letter queue at once; S3's
 * {@code s3:TestEvent} is acknowledged; a send that fails is retried by the queue, then dead-lettered
 * (docs/media.md).
 */
public class MediaUploadRelayHandler extends QueueHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MediaUploadRelayHandler.class);

    @Inject
    UploadRelay relay;

    @Value("${tenantry.media.upload.dead.letters:}")
    String deadLetters;

    public MediaUploadRelayHandler() {}

    public MediaUploadRelayHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void handleMessage(SQSEvent.SQSMessage message, Delivery delivery) {
        Map<String, Object> notification = readJson(message, Map.class);
        if ("s3:TestEvent".equals(notification.get("Event"))) {
            return;
        }
        if (!(notification.get("Records") instanceof List<?>)) {
            throw new UnusableMessageException("The message is not an S3 event notification.");
        }
        UploadRelay.Result result = relay.relay(notification);
        LOG.atInfo()
                .addKeyValue("relayed", result.relayed())
                .addKeyValue("ignored", result.ignored())
                .log("uploads relayed");
    }

    @Override
    protected String deadLetterQueueUrl() {
        return deadLetters;
    }

    /**
     * Before a SnapStart snapshot: the S3 notification of an upload of the priming tenant, which no sign-up can mint,
     * through the real path: the relay reads it and sends it on to the media worker's queue, a send that is marshalled
     * and signed, then stopped before it leaves ({@code PrimingGuard}).
     */
    @Override
    protected String primingMessage() {
        return "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"object\":"
                + "{\"key\":\"tenants/" + Priming.TENANT_ID + "/media/" + Priming.id("med_")
                + "/original\",\"size\":1024}}}]}";
    }
}
