package io.tenantry.local.backend.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.backend.InvocationLog;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.template.Intrinsics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * An SQS event source mapping: a virtual thread that long-polls the queue and invokes the function with an
 * {@code SQSEvent} of up to {@code BatchSize} messages, as Lambda's pollers do. Messages of a successful batch are
 * deleted; with {@code ReportBatchItemFailures}, all but the {@code batchItemFailures} (a malformed failure list fails
 * the whole batch); when the function fails, none. What is not deleted comes back after the queue's visibility
 * timeout, and the queue's redrive policy (ElasticMQ applies it) moves it to the dead-letter queue after
 * {@code maxReceiveCount} receives. Up to {@code ScalingConfig.MaximumConcurrency} batches at once (each on its own
 * virtual thread), as Lambda's pollers run that many invocations of the mapping; one at a time when it is not set
 * (Lambda would scale further, which a laptop cannot mirror). A batch is received only when a slot is free, so no
 * message waits invisible for a slot.
 *
 * <p>On a standard queue, batches are formed as an SQS fair queue hands messages out ({@link FairBatches}): the poller
 * receives what is waiting (up to {@link #FAIR_WINDOW} messages, holding their visibility) and takes each batch one
 * message group in turn, so a tenant's backlog does not hold up another tenant's message. ElasticMQ accepts group
 * ids but does not do this itself.
 */
public final class SqsPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);
    private static final int MAX_PER_RECEIVE = 10;
    private static final int LONG_POLL_SECONDS = 5;
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    /**
     * At most this many messages are held for fair batching: a group's backlog longer than this still holds the
     * other groups back until it shrinks below it. A held message costs its body (an S3 record is about 1.5 KB).
     */
    static final int FAIR_WINDOW = 1_000;
    /** How long a held message is kept invisible at least (set again while it waits): longer than any batch takes. */
    private static final int PARK_SECONDS = 300;

    private final LocalFunction function;
    private final FunctionEvent.Sqs source;
    private final String queueUrl;
    private final String queueArn;
    private final SqsClient sqs;
    private final InvocationLog log;
    private final PollerThread thread = new PollerThread(Duration.ofSeconds(LONG_POLL_SECONDS + 1));
    private final FairBatches held = new FairBatches();
    private final int concurrency;
    private final Semaphore slots;

    public SqsPoller(
            LocalFunction function,
            FunctionEvent.Sqs source,
            String queueUrl,
            String queueArn,
            SqsClient sqs,
            InvocationLog log) {
        this.function = function;
        this.source = source;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.sqs = sqs;
        this.log = log;
        this.concurrency = source.maximumConcurrency() == null ? 1 : source.maximumConcurrency();
        this.slots = new Semaphore(concurrency);
    }

    public SqsPoller start() {
        thread.start("sqs-poller-" + function.logicalId() + "-" + source.name(), this::poll);
        return this;
    }

    public String description() {
        return source.queueLogicalId() + " -> " + function.logicalId() + " (batch " + source.batchSize()
                + (source.reportsBatchItemFailures() ? ", ReportBatchItemFailures" : "")
                + (concurrency > 1 ? ", " + concurrency + " at once" : "") + ")";
    }

    private void poll() {
        boolean fair = !queueUrl.endsWith(".fifo");
        while (thread.running()) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            boolean handedOver = false;
            try {
                List<Message> batch = fair ? receiveFairBatch() : receiveBatch();
                if (!batch.isEmpty() && thread.running()) {
                    Thread.ofVirtual().name("sqs-batch-" + function.logicalId()).start(() -> deliverInSlot(batch));
                    handedOver = true;
                }
            } catch (RuntimeException e) {
                if (thread.running()) {
                    LOG.warn(
                            "Polling {} for {} failed: {}",
                            source.queueLogicalId(),
                            function.logicalId(),
                            e.toString());
                    PollerThread.sleep(BACKOFF);
                }
            } finally {
                if (!handedOver) {
                    slots.release();
                }
            }
        }
        awaitBatchesInProgress();
        releaseHeld();
    }

    /** Delivers a batch on its own thread, then frees its slot. */
    private void deliverInSlot(List<Message> batch) {
        try {
            deliver(batch);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Delivering a batch of {} to {} failed: {}; its messages come back after the visibility timeout",
                    source.queueLogicalId(),
                    function.logicalId(),
                    e.toString());
        } finally {
            slots.release();
        }
    }

    /** On stop: the batches in progress end as they would (their outcome is recorded), for up to a long poll. */
    private void awaitBatchesInProgress() {
        boolean interrupted = Thread.interrupted();
        try {
            if (slots.tryAcquire(concurrency, LONG_POLL_SECONDS, TimeUnit.SECONDS)) {
                slots.release(concurrency);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Up to BatchSize messages, one message group in turn. When nothing is held, a batch is first gathered as
     * {@link #receiveBatch} gathers it (long poll, batching window); then whatever else is waiting is received into
     * the window without waiting and the batch is taken; what stays held is parked ({@link FairBatches}).
     */
    private List<Message> receiveFairBatch() {
        if (held.size() == 0) {
            held.add(receiveBatch());
        }
        while (held.size() > 0 && held.size() < FAIR_WINDOW && thread.running()) {
            List<Message> waiting = receive(Math.min(MAX_PER_RECEIVE, FAIR_WINDOW - held.size()), 0);
            if (waiting.isEmpty()) {
                break;
            }
            held.add(waiting);
        }
        FairBatches.Batch batch = held.next(source.batchSize());
        if (held.size() > 0 || !batch.parked().isEmpty()) {
            int visibility = visibilityTimeout();
            setVisibility(
                    held.toPark(Duration.ofSeconds(Math.max(PARK_SECONDS, visibility))),
                    Math.max(PARK_SECONDS, visibility));
            // Leaving the window, a parked message is as any received one: back after the queue's timeout if it fails.
            setVisibility(batch.parked(), visibility);
        }
        return batch.messages();
    }

    private int visibilityTimeout() {
        String timeout = sqs.getQueueAttributes(
                        r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes()
                .get(QueueAttributeName.VISIBILITY_TIMEOUT);
        return timeout == null ? 30 : Integer.parseInt(timeout);
    }

    /** On stop: what is still held goes back to the queue at once (best effort: else after its visibility timeout). */
    private void releaseHeld() {
        List<Message> left = held.drain();
        try {
            setVisibility(left, 0);
        } catch (RuntimeException e) {
            LOG.debug(
                    "Releasing {} held message(s) of {} failed: {}",
                    left.size(),
                    source.queueLogicalId(),
                    e.toString());
        }
    }

    private void setVisibility(List<Message> messages, int seconds) {
        for (int from = 0; from < messages.size(); from += MAX_PER_RECEIVE) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : messages.subList(from, Math.min(messages.size(), from + MAX_PER_RECEIVE))) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size()))
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(seconds)
                        .build());
            }
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
    }

    /** Up to BatchSize messages: one long poll, then more while the batching window lasts. */
    private List<Message> receiveBatch() {
        List<Message> batch =
                new ArrayList<>(receive(Math.min(source.batchSize(), MAX_PER_RECEIVE), LONG_POLL_SECONDS));
        long windowEnds = System.nanoTime()
                + Duration.ofSeconds(source.maximumBatchingWindowInSeconds()).toNanos();
        while (!batch.isEmpty() && batch.size() < source.batchSize() && thread.running()) {
            long left = windowEnds - System.nanoTime();
            List<Message> more = receive(
                    Math.min(source.batchSize() - batch.size(), MAX_PER_RECEIVE),
                    left > 0
                            ? (int) Math.min(
                                    LONG_POLL_SECONDS, Duration.ofNanos(left).toSeconds())
                            : 0);
            if (more.isEmpty() && left <= 0) {
                break;
            }
            batch.addAll(more);
        }
        return batch;
    }

    private List<Message> receive(int max, int waitSeconds) {
        ReceiveMessageResponse response = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(max)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All"));
        return response.messages();
    }

    private void deliver(List<Message> batch) {
        Invocation invocation = function.invoke(Json.bytes(event(batch)));
        Set<String> failed = new HashSet<>();
        String outcome;
        if (invocation.failed()) {
            batch.forEach(m -> failed.add(m.messageId()));
            outcome = "all " + batch.size() + " return to the queue  (" + invocation.errorType() + ")";
        } else if (source.reportsBatchItemFailures()) {
            failed.addAll(batchItemFailures(invocation, batch));
            outcome = failed.isEmpty() ? "all done" : failed.size() + " of " + batch.size() + " return to the queue";
        } else {
            outcome = "all done";
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : batch) {
            if (!failed.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(done.size()))
                        .receiptHandle(message.receiptHandle())
                        .build());
            }
        }
        for (int from = 0; from < done.size(); from += MAX_PER_RECEIVE) {
            List<DeleteMessageBatchRequestEntry> chunk =
                    done.subList(from, Math.min(done.size(), from + MAX_PER_RECEIVE));
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(chunk));
        }
        log.record(
                function.logicalId(),
                invocation,
                "sqs " + source.queueLogicalId() + ": " + batch.size() + " message(s), " + outcome);
    }

    /** The message ids to retry; every id of the batch when the failure list itself is malformed. */
    private Set<String> batchItemFailures(Invocation invocation, List<Message> batch) {
        Set<String> ids = new HashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        JsonNode result;
        try {
            result = Json.parse(invocation.payload());
        } catch (JsonProcessingException e) {
            return ids;
        }
        JsonNode failures = result == null ? null : result.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return Set.of();
        }
        if (!failures.isArray()) {
            return ids;
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            if (id.isEmpty() || !ids.contains(id)) {
                LOG.warn(
                        "{} reported a batch item failure '{}' that is not a message of the batch: the whole batch"
                                + " returns to the queue, as Lambda does",
                        function.logicalId(),
                        id);
                return ids;
            }
            failed.add(id);
        }
        return failed;
    }

    /** The {@code SQSEvent} Lambda sends, field for field. */
    private ObjectNode event(List<Message> batch) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
            record.put("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", Intrinsics.REGION);
        }
        return event;
    }

    private static ObjectNode attribute(MessageAttributeValue value) {
        ObjectNode node = Json.object();
        if (value.stringValue() != null) {
            node.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            node.put(
                    "binaryValue",
                    Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
        }
        ArrayNode strings = node.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = node.putArray("binaryListValues");
        value.binaryListValues().forEach(b -> binaries.add(Base64.getEncoder().encodeToString(b.asByteArray())));
        node.put("dataType", value.dataType());
        return node;
    }

    /** Tells the poller to stop, without waiting: {@link #close} waits. */
    public void stop() {
        thread.stop();
    }

    @Override
    public void close() {
        thread.close();
    }
}
