package io.tenantry.shared.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.aws.AwsOutages;
import io.tenantry.shared.aws.TenantCredentials;
import io.tenantry.shared.json.EventHandler;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.tracing.AwsCallSpans;
import io.tenantry.shared.tracing.CurrentRoute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The base of every SQS worker; a worker is a subclass of a few lines: {@link #handleMessage} reads
 * the body ({@link #readJson}) and calls one service, and {@link #deadLetterQueueUrl} names the
 * queue's dead-letter queue. The event source mapping delivers a batch; this class hands each
 * message to {@link #handleMessage} on its own (one after another, or all at once for a worker that
 * waits on the network: {@link #handlesMessagesAtOnce}) and classifies how it ended:
 *
 * <ul>
 *   <li>returned: handled, acknowledged (deleted from the queue);
 *   <li>{@link UnusableMessageException}: it can never succeed, so it goes to its dead-letter queue
 *       now ({@link DeadLetters}, with the reason) and is acknowledged, instead of failing {@code
 *       maxReceiveCount} times first; without a dead-letter queue URL it is failed like any other;
 *   <li>an AWS outage that outlasts the SDK's retries ({@link AwsOutages}): tried again twice within the
 *       delivery, after a short pause, before it counts as failed;
 *   <li>any other exception, even an {@link OutOfMemoryError} from one oversized payload: a
 *       transient failure, answered as a {@code batchItemFailures} entry (the event source needs
 *       {@code FunctionResponseTypes: [ReportBatchItemFailures]}), so SQS redelivers it after the
 *       visibility timeout and, after the queue's {@code maxReceiveCount}, moves it to the
 *       dead-letter queue.
 * </ul>
 *
 * One message's failure never fails its neighbours. Each message is logged once ({@code message}
 * with its id, receive count, outcome and duration) with {@code messageId} in the logging context,
 * cleared after it. SQS's attributes are read once, into the {@link Delivery} passed along. Each
 * batch is one line of metrics ({@link FunctionMetrics#batchHandled}: messages, failures,
 * dead-lettered, the age of the oldest).
 *
 * <p>Side effects must be idempotent: SQS delivers at least once, and a failed message is
 * redelivered in full ({@code io.tenantry.shared.idempotency.StateTransitions} moves an item's
 * state once however often it is told). Lambda builds workers with the no-argument constructor
 * (which starts a Micronaut context and registers the SnapStart hooks); tests and the local backend
 * pass a shared context. Lambda calls the stream entry, which reads the batch's JSON itself ({@link EventHandler});
 * tests call {@link #handleRequest(Object, Context)} with the event.
 */
public abstract class QueueHandler extends EventHandler<SQSEvent, SQSBatchResponse> implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(QueueHandler.class);
    /** Attempts at one message within one delivery when AWS is out (each with the SDK's own retries). */
    static final int OUTAGE_ATTEMPTS = 3;

    private static final java.time.Duration OUTAGE_PAUSE = java.time.Duration.ofMillis(300);

    private final InstanceStart start = new InstanceStart();

    protected QueueHandler() {
        super();
        Core.getGlobalContext().register(this);
    }

    protected QueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public final SQSBatchResponse execute(SQSEvent event) {
        return applicationContext
                .getBean(CurrentRoute.class)
                .call(FunctionMetrics.nameOf(getClass()), () -> handleBatch(event));
    }

    private SQSBatchResponse handleBatch(SQSEvent event) {
        List<SQSEvent.SQSMessage> messages =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        long now = System.currentTimeMillis();
        long oldestAge = -1;
        int deadLettered = 0;
        List<Delivery> deliveries = new ArrayList<>(messages.size());
        for (SQSEvent.SQSMessage message : messages) {
            Delivery delivery = Delivery.of(message);
            deliveries.add(delivery);
            if (delivery.sentTimestamp() >= 0) {
                oldestAge = Math.max(oldestAge, Math.max(0, now - delivery.sentTimestamp()));
            }
        }
        List<Outcome> outcomes = handlesMessagesAtOnce() && messages.size() > 1
                ? processAtOnce(messages, deliveries)
                : processInTurn(messages, deliveries);
        for (int i = 0; i < messages.size(); i++) {
            SQSEvent.SQSMessage message = messages.get(i);
            if (outcomes.get(i) == Outcome.FAILED) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message == null ? null : message.getMessageId()));
            } else if (outcomes.get(i) == Outcome.DEAD_LETTERED) {
                deadLettered++;
            }
        }
        applicationContext
                .getBean(FunctionMetrics.class)
                .batchHandled(
                        FunctionMetrics.nameOf(getClass()),
                        messages.size(),
                        failures.size(),
                        deadLettered,
                        oldestAge,
                        start);
        // Usage the batch recorded (compute, media processed, invoices rendered) goes to the function's log before
        // the batch's response: durable from then on (docs/metering.md).
        applicationContext.getBean(UsageMeter.class).flush();
        return new SQSBatchResponse(failures);
    }

    /**
     * Whether a batch's messages are handled each on its own virtual thread, all at once, instead of one after
     * another: for a worker whose messages mostly wait on the network (a webhook attempt may wait 10 s for an
     * endpoint that does not answer), so that one slow message does not hold its neighbours back. Its
     * {@link #handleMessage} must then be safe to run concurrently. By default false.
     */
    protected boolean handlesMessagesAtOnce() {
        return false;
    }

    /**
     * Handles one message. Returning normally acknowledges it; {@link UnusableMessageException}
     * dead-letters it at once; any other exception reports it as failed, so it comes back.
     */
    protected abstract void handleMessage(SQSEvent.SQSMessage message, Delivery delivery) throws Exception;

    /**
     * The URL of the queue's dead-letter queue, where unusable messages go at once (the template sets
     * it in the worker's environment); null or blank when there is none, and then they are failed.
     */
    protected abstract String deadLetterQueueUrl();

    /**
     * The message's body as JSON of {@code type}; {@link UnusableMessageException} when it is empty,
     * not JSON or not of that shape, since no redelivery can change that. A {@link TenantMessage} names its
     * tenant in the message's logging context.
     */
    protected final <T> T readJson(SQSEvent.SQSMessage message, Class<T> type) {
        String body = message.getBody();
        if (body == null || body.isBlank()) {
            throw new UnusableMessageException("The message has no body.");
        }
        T read;
        try {
            read = applicationContext.getBean(JsonCodec.class).read(body.getBytes(StandardCharsets.UTF_8), type);
        } catch (RuntimeException e) {
            read = null;
        }
        if (read == null) {
            throw new UnusableMessageException("The message body is not a valid " + type.getSimpleName() + ".");
        }
        if (read instanceof TenantMessage forTenant && forTenant.tenantId() != null) {
            // The message's log lines and the spans of its AWS calls name its tenant (cleared after the message).
            MDC.put(AwsCallSpans.LOGGED_TENANT, forTenant.tenantId());
        }
        return read;
    }

    /** How one message ended. */
    private enum Outcome {
        OK,
        DEAD_LETTERED,
        FAILED
    }

    private List<Outcome> processInTurn(List<SQSEvent.SQSMessage> messages, List<Delivery> deliveries) {
        List<Outcome> outcomes = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            outcomes.add(process(messages.get(i), deliveries.get(i)));
        }
        return outcomes;
    }

    /** Each message on a virtual thread of its own, with the invocation's logging context; waits for all. */
    private List<Outcome> processAtOnce(List<SQSEvent.SQSMessage> messages, List<Delivery> deliveries) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        List<Future<Outcome>> running = new ArrayList<>(messages.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < messages.size(); i++) {
                SQSEvent.SQSMessage message = messages.get(i);
                Delivery delivery = deliveries.get(i);
                running.add(threads.submit(() -> {
                    if (context != null) {
                        MDC.setContextMap(context);
                    }
                    return process(message, delivery);
                }));
            }
        }
        List<Outcome> outcomes = new ArrayList<>(running.size());
        for (Future<Outcome> outcome : running) {
            outcomes.add(outcome.state() == Future.State.SUCCESS ? outcome.resultNow() : Outcome.FAILED);
        }
        if (context != null) {
            MDC.setContextMap(context);
        }
        return outcomes;
    }

    private Outcome process(SQSEvent.SQSMessage message, Delivery delivery) {
        long started = System.nanoTime();
        MDC.put("messageId", String.valueOf(delivery.messageId()));
        Outcome outcome = Outcome.FAILED;
        try {
            if (message == null) {
                throw new IllegalArgumentException("The batch holds a null message.");
            }
            try {
                handleWithRetries(message, delivery);
                outcome = Outcome.OK;
            } catch (UnusableMessageException e) {
                outcome = applicationContext
                                .getBean(DeadLetters.class)
                                .divert(deadLetterQueueUrl(), message, e.getMessage())
                        ? Outcome.DEAD_LETTERED
                        : Outcome.FAILED;
            }
        } catch (Exception e) {
            if (PrimingGuard.stopped(e)) {
                // A priming run's write (or the dead-lettering of its message), not sent: nothing failed.
                LOG.debug("Priming message stopped at a write: {}", e.toString());
            } else {
                LOG.atError()
                        .setCause(e)
                        .addKeyValue("messageId", delivery.messageId())
                        .log("Message failed; it will be retried, then dead-lettered");
            }
        } catch (OutOfMemoryError e) {
            LOG.atError()
                    .addKeyValue("messageId", delivery.messageId())
                    .log("Message failed: out of memory (" + e.getMessage() + ")");
        } finally {
            LOG.atInfo()
                    .addKeyValue("messageId", delivery.messageId())
                    .addKeyValue("receiveCount", delivery.receiveCount())
                    .addKeyValue("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
                    .log("message");
            MDC.clear();
        }
        return outcome;
    }

    /**
     * Hands the message over, again after a short pause when an AWS outage outlasted the SDK's own retries: the
     * message is idempotent, and a retry now beats a redelivery after the visibility timeout (minutes).
     */
    private void handleWithRetries(SQSEvent.SQSMessage message, Delivery delivery) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                handleMessage(message, delivery);
                return;
            } catch (Exception e) {
                if (attempt >= OUTAGE_ATTEMPTS || !AwsOutages.isOutage(e)) {
                    throw e;
                }
                LOG.atWarn()
                        .addKeyValue("messageId", delivery.messageId())
                        .log("AWS could not serve the message (attempt " + attempt + "); retrying: " + e);
                try {
                    Thread.sleep(OUTAGE_PAUSE.multipliedBy(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Before a SnapStart snapshot: an empty batch through the entry Lambda calls (it counts in no metric), the metrics
     * emitter, the worker's own steps ({@link #prime(PrimingGuard)}, inside a priming run), then the worker's {@link #primingMessage} through the real message path, {@code
     * tenantry.priming.rounds} times, inside a priming run ({@link PrimingGuard}: reads go out and find nothing, since
     * the message names the priming tenant; every write, the dead-lettering included, stops before it is sent). No
     * id generator and no tenant's credentials are left for the snapshot.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        SQSEvent empty = new SQSEvent();
        empty.setRecords(List.of());
        primeThroughEntry(empty);
        Priming priming = applicationContext.getBean(Priming.class);
        priming.primeMetrics();
        PrimingGuard guard = applicationContext.getBean(PrimingGuard.class);
        priming.primeEvents(getClass().getSimpleName() + "'s steps", () -> prime(guard));
        String body = primingMessage();
        if (body != null) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("priming");
            message.setBody(body);
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            SQSEvent batch = new SQSEvent();
            batch.setRecords(List.of(message));
            priming.primeMessages(() -> primeThroughJson(batch));
        }
        applicationContext.getBean(TenantCredentials.class).forget();
    }

    /**
     * The batch as the stream entry handles it, from its JSON to an answer's JSON, but not counted as a delivery: its
     * metrics line is made and written nowhere, and nothing is metered. The answer written names the message as failed whatever its outcome, so that
     * the writing of a {@code batchItemFailures} entry is warm too (an empty list is left out of the JSON).
     */
    private void primeThroughJson(SQSEvent batch) {
        List<SQSEvent.SQSMessage> messages = throughJson(batch).getRecords();
        processInTurn(messages, messages.stream().map(Delivery::of).toList());
        // Made as a batch's line is, and written nowhere: MetricsEmitter writes nothing in a priming run.
        applicationContext
                .getBean(FunctionMetrics.class)
                .batchHandled(FunctionMetrics.nameOf(getClass()), messages.size(), messages.size(), 0, 0, null);
        writeNowhere(new SQSBatchResponse(messages.stream()
                .map(message -> new SQSBatchResponse.BatchItemFailure(message.getMessageId()))
                .toList()));
    }

    /**
     * Warms what the worker will use that its {@link #primingMessage} does not reach (that message names the priming
     * tenant, whose reads find nothing, so its path ends early): the steps after, with made-up data of the priming
     * tenant, each of its writes stopped before it is sent ({@link PrimingGuard#stopsAt}), and codecs that need no
     * call. Runs inside a priming run, {@code tenantry.priming.rounds} times; by default nothing.
     */
    protected void prime(PrimingGuard guard) {}

    /**
     * A representative message body of this worker that names the priming tenant ({@link Priming#TENANT_ID}) and ids
     * of its shape, for priming; null (the default) for none.
     */
    protected String primingMessage() {
        return null;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Connections are re-established on first use; nothing holds unique state from before the snapshot.
    }
}
