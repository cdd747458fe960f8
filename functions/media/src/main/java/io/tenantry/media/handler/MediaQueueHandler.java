package io.tenantry.media.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.media.image.ImageProcessor;
import io.tenantry.media.model.S3Notification;
import io.tenantry.media.service.MediaProcessor;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.shared.queue.UnusableMessageException;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media worker: each SQS message is an S3 event notification of the media bucket; each {@code
 * ObjectCreated} record in it is checked and resized by {@link MediaProcessor}. A message that is
 * not a notification can never succeed: it goes to the dead-letter queue at once. S3's {@code
 * s3:TestEvent} is acknowledged.
 */
public class MediaQueueHandler extends QueueHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MediaQueueHandler.class);

    @Inject
    MediaProcessor processor;

    @Inject
    ImageProcessor images;

    public MediaQueueHandler() {}

    public MediaQueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected void handleMessage(SQSEvent.SQSMessage message, Delivery delivery) {
        S3Notification notification = readJson(message, S3Notification.class);
        if (notification.isTestEvent()) {
            return;
        }
        if (notification.records() == null) {
            throw new UnusableMessageException("The message is not an S3 event notification.");
        }
        for (S3Notification.Record record : notification.records()) {
            if (!record.isObjectCreated()) {
                LOG.atInfo().addKeyValue("eventName", record.eventName()).log("S3 event ignored");
                continue;
            }
            var outcome = processor.process(record.bucket(), record.key(), String.valueOf(delivery.messageId()));
            LOG.atInfo().addKeyValue("outcome", outcome.name()).log("upload processed");
        }
    }

    /** A message of the priming tenant, for priming (QueueHandler#primingMessage): reads find nothing, writes stop. */
    @Override
    protected String primingMessage() {
        return "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
                + applicationContext.getProperty("media.bucket", String.class).orElse("")
                + "\"},\"object\":{\"key\":\"tenants/"
                + Priming.TENANT_ID + "/media/" + Priming.id("med_") + "/original\",\"size\":1024}}}]}";
    }

    @Override
    protected String deadLetterQueueUrl() {
        return processor.deadLetterQueueUrl();
    }

    /**
     * Before a SnapStart snapshot: a small image of each format through the whole image path (ImageIO's readers and
     * writers, thumbnailator), then the steps of its processing the priming message does not reach ({@link
     * MediaProcessor#prime}), so that restored instances do not load them on their first upload.
     */
    @Override
    protected void prime(PrimingGuard guard) {
        ImageProcessor.ProcessedImage image = null;
        try {
            BufferedImage pixels = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            for (String format : new String[] {"png", "jpeg"}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(pixels, format, out);
                image = images.process(out.toByteArray());
            }
        } catch (Exception e) {
            LOG.atDebug().setCause(e).log("Priming the image path failed");
        }
        if (image != null) {
            processor.prime(guard, image);
        }
    }
}
