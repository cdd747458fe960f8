package io.tenantry.media.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.media.image.ImageProcessor;
import io.tenantry.media.model.S3Notification;
import io.tenantry.media.service.MediaProcessingService;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.queue.QueueHandler;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media worker: each SQS message is an S3 event notification of the media bucket; each {@code
 * ObjectCreated} record in it is checked and resized by {@link MediaProcessingService}. A message
 * that is not a notification fails (and reaches the dead-letter queue after its retries); S3's
 * {@code s3:TestEvent} is acknowledged.
 */
public class MediaQueueHandler extends QueueHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MediaQueueHandler.class);

    @Inject
    MediaProcessingService processing;

    @Inject
    JsonCodec json;

    @Inject
    ImageProcessor images;

    public MediaQueueHandler() {}

    public MediaQueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected void handleMessage(SQSEvent.SQSMessage message) {
        S3Notification notification = parse(message.getBody());
        if (notification.isTestEvent()) {
            return;
        }
        if (notification.records() == null) {
            throw new IllegalArgumentException("The message is not an S3 event notification");
        }
        for (S3Notification.Record record : notification.records()) {
            if (!record.isObjectCreated()) {
                LOG.atInfo().addKeyValue("eventName", record.eventName()).log("S3 event ignored");
                continue;
            }
            var outcome = processing.process(record.bucket(), record.key());
            LOG.atInfo().addKeyValue("outcome", outcome.name()).log("upload processed");
        }
    }

    /**
     * Before a SnapStart snapshot: one small image through the whole image path (ImageIO's readers
     * and writers, thumbnailator), so that restored instances do not load them on their first upload.
     */
    @Override
    protected void prime() {
        try {
            BufferedImage pixels = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            for (String format : new String[] {"png", "jpeg"}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(pixels, format, out);
                images.process(out.toByteArray());
            }
        } catch (Exception e) {
            LOG.atDebug().setCause(e).log("Priming the image path failed");
        }
    }

    private S3Notification parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("The message has no body");
        }
        try {
            S3Notification notification = json.read(body.getBytes(StandardCharsets.UTF_8), S3Notification.class);
            if (notification == null) {
                throw new IllegalArgumentException("The message body is null");
            }
            return notification;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The message is not an S3 event notification", e);
        }
    }
}
