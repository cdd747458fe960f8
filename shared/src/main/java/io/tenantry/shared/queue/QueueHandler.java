package io.tenantry.shared.queue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.tenantry.shared.metering.UsageMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The base of every SQS worker: the event source mapping delivers a batch, this class hands each
 * message to {@link #handleMessage} on its own, and answers the messages that failed as {@code
 * batchItemFailures} (the function's event source needs {@code FunctionResponseTypes:
 * [ReportBatchItemFailures]}). One message's failure, even an {@link OutOfMemoryError} from one
 * oversized payload, never fails its neighbours: only the failed messages come back, and after the
 * queue's {@code maxReceiveCount} they move to its dead-letter queue. Each message is logged once
 * ({@code message} with its id, receive count, outcome and duration) with {@code messageId} in the
 * logging context, cleared after it.
 *
 * <p>Side effects must be idempotent: SQS delivers at least once, and a failed message is
 * redelivered in full. Lambda builds workers with the no-argument constructor (which starts a
 * Micronaut context and registers the SnapStart hooks); tests and the local backend pass a shared
 * context.
 */
public abstract class QueueHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(QueueHandler.class);

    protected QueueHandler() {
        super();
        Core.getGlobalContext().register(this);
    }

    protected QueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public final SQSBatchResponse execute(SQSEvent event) {
        List<SQSEvent.SQSMessage> messages =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : messages) {
            if (!process(message)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        // Usage the batch recorded (compute, media processed, invoices rendered) is flushed when due,
        // before Lambda freezes the instance.
        applicationContext.getBean(UsageMeter.class).flushIfDue();
        return new SQSBatchResponse(failures);
    }

    /**
     * Handles one message. Returning normally acknowledges it (it is deleted from the queue); any
     * exception reports it as failed, so it comes back after the visibility timeout.
     */
    protected abstract void handleMessage(SQSEvent.SQSMessage message) throws Exception;

    private boolean process(SQSEvent.SQSMessage message) {
        long started = System.nanoTime();
        String messageId = message == null ? null : message.getMessageId();
        MDC.put("messageId", String.valueOf(messageId));
        String outcome = "ok";
        try {
            if (message == null) {
                throw new IllegalArgumentException("The batch holds a null message.");
            }
            handleMessage(message);
            return true;
        } catch (Exception e) {
            outcome = "failed";
            LOG.atError()
                    .setCause(e)
                    .addKeyValue("messageId", messageId)
                    .log("Message failed; it will be retried, then dead-lettered");
            return false;
        } catch (OutOfMemoryError e) {
            outcome = "failed";
            LOG.atError()
                    .addKeyValue("messageId", messageId)
                    .log("Message failed: out of memory (" + e.getMessage() + ")");
            return false;
        } finally {
            LOG.atInfo()
                    .addKeyValue("messageId", messageId)
                    .addKeyValue("receiveCount", receiveCount(message))
                    .addKeyValue("outcome", outcome)
                    .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
                    .log("message");
            MDC.clear();
        }
    }

    private static String receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message == null ? null : message.getAttributes();
        return attributes == null ? null : attributes.get("ApproximateReceiveCount");
    }

    /** Before a SnapStart snapshot: an empty batch through the handler path, then {@link #prime()}. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        SQSEvent empty = new SQSEvent();
        empty.setRecords(List.of());
        execute(empty);
        prime();
    }

    /** Warms what the worker will use (clients, codecs) without touching real data; by default nothing. */
    protected void prime() {}

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Connections are re-established on first use; nothing holds unique state from before the snapshot.
    }
}
