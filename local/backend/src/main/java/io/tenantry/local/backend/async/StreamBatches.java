package io.tenantry.local.backend.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.backend.InvocationLog;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.FunctionEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Delivers one batch of a stream shard to the function until it is done, with Lambda's rules for streams: a batch
 * succeeds when the function returns without {@code batchItemFailures}; with {@code ReportBatchItemFailures}, the
 * records from the lowest reported sequence number on are retried (the ones before it are checkpointed), and a
 * failure without a sequence number of the batch fails it whole; a function error retries the whole batch, or, with
 * {@code BisectBatchOnFunctionError}, its two halves one after the other, each with the retries left to the batch
 * (splitting uses no retry). After {@code MaximumRetryAttempts} retries (-1: no end, as until the record expires), the
 * records left are recorded in the {@code OnFailure} queue, if there is one, and skipped. Retries wait 200 ms, then
 * twice as long each time, up to 5 s, so a failing function does not spin.
 */
final class StreamBatches {
    private static final Logger LOG = LoggerFactory.getLogger(StreamBatches.class);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration LONGEST_RETRY_DELAY = Duration.ofSeconds(5);

    private final LocalFunction function;
    private final FunctionEvent.DynamoDb source;
    private final AsyncInvoker.Destination onFailure;
    private final SqsClient sqs;
    private final InvocationLog log;
    private final BooleanSupplier running;

    StreamBatches(
            LocalFunction function,
            FunctionEvent.DynamoDb source,
            AsyncInvoker.Destination onFailure,
            SqsClient sqs,
            InvocationLog log,
            BooleanSupplier running) {
        this.function = function;
        this.source = source;
        this.onFailure = onFailure;
        this.sqs = sqs;
        this.log = log;
        this.running = running;
    }

    String destinationDescription() {
        return onFailure == null ? "" : ", OnFailure -> " + onFailure.queueLogicalId();
    }

    /** Some records of a batch and the retries they have had. */
    private record Attempt(List<ObjectNode> records, int retries) {}

    /** Delivers the batch, retrying as Lambda does; returns when it is done with, or the poller stops. */
    void deliver(String shardId, String streamArn, List<ObjectNode> batch) {
        Deque<Attempt> work = new ArrayDeque<>();
        work.push(new Attempt(List.copyOf(batch), 0));
        while (!work.isEmpty() && running.getAsBoolean()) {
            Attempt attempt = work.pop();
            List<ObjectNode> records = attempt.records();
            Invocation invocation = function.invoke(Json.bytes(StreamEvents.event(records)));
            int failedFrom = invocation.failed() ? 0 : firstFailure(invocation, records);
            String what = "dynamodb " + source.tableLogicalId() + " " + shardId + ": " + records.size() + " record(s)"
                    + (attempt.retries() > 0 ? ", retry " + attempt.retries() : "") + ", ";
            if (failedFrom < 0) {
                log.record(function.logicalId(), invocation, what + "done");
                continue;
            }
            if (invocation.failed() && source.bisectBatchOnFunctionError() && records.size() > 1) {
                int half = records.size() / 2;
                work.push(new Attempt(records.subList(half, records.size()), attempt.retries()));
                work.push(new Attempt(records.subList(0, half), attempt.retries()));
                log.record(
                        function.logicalId(),
                        invocation,
                        what + "bisected into " + half + " and " + (records.size() - half) + "  ("
                                + invocation.errorType() + ")");
                continue;
            }
            List<ObjectNode> left = records.subList(failedFrom, records.size());
            String failure = invocation.failed()
                    ? "(" + invocation.errorType() + ")"
                    : left.size() + " reported failed from " + sequenceNumber(left.getFirst());
            if (source.maximumRetryAttempts() >= 0 && attempt.retries() >= source.maximumRetryAttempts()) {
                log.record(function.logicalId(), invocation, what + "retries exhausted, " + failure);
                giveUp(shardId, streamArn, left, attempt.retries() + 1, invocation);
                continue;
            }
            Duration delay = delay(attempt.retries());
            log.record(
                    function.logicalId(),
                    invocation,
                    what + left.size() + " to retry in " + delay.toMillis() + " ms  " + failure);
            sleep(delay);
            work.push(new Attempt(left, attempt.retries() + 1));
        }
    }

    /**
     * The index of the first record to retry after a successful invocation: -1 when the batch is done, 0 (the whole
     * batch) for a malformed answer or an identifier that is empty, null or not a sequence number of the batch.
     */
    private int firstFailure(Invocation invocation, List<ObjectNode> records) {
        if (!source.reportsBatchItemFailures()) {
            return -1;
        }
        byte[] payload = invocation.payload();
        JsonNode result = Json.tryParse(payload);
        if (result == null && payload != null && payload.length > 0) {
            return 0;
        }
        JsonNode failures = result == null ? null : result.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return -1;
        }
        if (!failures.isArray()) {
            return 0;
        }
        int first = records.size();
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            int index = indexOf(records, id);
            if (index < 0) {
                LOG.warn(
                        "{} reported a batch item failure '{}' that is not a sequence number of the batch: the whole"
                                + " batch is retried, as Lambda does",
                        function.logicalId(),
                        id);
                return 0;
            }
            first = Math.min(first, index);
        }
        return first;
    }

    private static int indexOf(List<ObjectNode> records, String sequenceNumber) {
        if (sequenceNumber.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < records.size(); i++) {
            if (sequenceNumber.equals(sequenceNumber(records.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    private static String sequenceNumber(ObjectNode record) {
        return record.path("dynamodb").path("SequenceNumber").asText();
    }

    private void giveUp(String shardId, String streamArn, List<ObjectNode> left, int invokeCount, Invocation last) {
        String range = sequenceNumber(left.getFirst()) + ".." + sequenceNumber(left.getLast());
        if (onFailure == null) {
            LOG.warn(
                    "{}: {} stream record(s) of {} ({}) skipped after {} attempt(s); no OnFailure destination",
                    function.logicalId(),
                    left.size(),
                    shardId,
                    range,
                    invokeCount);
            log.outcome(function.logicalId(), last.requestId(), "skipped: RetryAttemptsExhausted, " + range);
            return;
        }
        ObjectNode record = StreamEvents.failure(
                function.logicalId(), last.requestId(), invokeCount, last.failed(), shardId, streamArn, left);
        sqs.sendMessage(r -> r.queueUrl(onFailure.queueUrl()).messageBody(Json.text(record)));
        LOG.warn(
                "{}: {} stream record(s) of {} ({}) sent to {} after {} attempt(s)",
                function.logicalId(),
                left.size(),
                shardId,
                range,
                onFailure.queueLogicalId(),
                invokeCount);
        log.outcome(
                function.logicalId(),
                last.requestId(),
                "OnFailure -> " + onFailure.queueLogicalId() + ": RetryAttemptsExhausted after " + invokeCount
                        + " attempts, " + range);
    }

    private static Duration delay(int retries) {
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(retries, 10));
        return delay.compareTo(LONGEST_RETRY_DELAY) > 0 ? LONGEST_RETRY_DELAY : delay;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
