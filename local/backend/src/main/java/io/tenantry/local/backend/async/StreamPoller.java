package io.tenantry.local.backend.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.backend.InvocationLog;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.template.FunctionEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A DynamoDB stream event source mapping: a virtual thread that reads every shard of the table's latest stream (a
 * parent shard to its end before its children), keeps the records its filter patterns match, and invokes the function
 * with a {@code DynamodbEvent} of up to {@code BatchSize} of them, one batch at a time per shard, as Lambda's stream
 * pollers do. A batch is retried (a partial failure from the lowest failed sequence number on, a function error whole
 * or bisected) until it succeeds or {@code MaximumRetryAttempts} is used up; then its invocation record goes to the
 * {@code OnFailure} queue, if any, and the shard moves past it. See {@link StreamBatches} for the retry rules.
 */
public final class StreamPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);
    /** Lambda polls a stream's shards four times a second. */
    private static final Duration IDLE = Duration.ofMillis(250);

    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private static final Duration DISCOVERY = Duration.ofSeconds(2);
    private static final int GET_RECORDS_LIMIT = 1000;

    private final LocalFunction function;
    private final FunctionEvent.DynamoDb source;
    private final String tableName;
    private final DynamoDbStreamsClient streams;
    private final RawGetRecords getRecords;
    private final EventFilter filter;
    private final StreamBatches batches;
    private final Map<String, ShardReader> shards = new LinkedHashMap<>();
    private String streamArn;
    private long nextDiscovery;
    private boolean discovered;
    private final PollerThread thread = new PollerThread(Duration.ofSeconds(5));

    /**
     * A mapping of {@code function} to the stream of {@code tableName}; {@code onFailure} (null for none) is where
     * exhausted batches are recorded. Fails at once on a filter pattern it cannot apply.
     */
    public StreamPoller(
            LocalFunction function,
            FunctionEvent.DynamoDb source,
            String tableName,
            DynamoDbStreamsClient streams,
            AsyncInvoker.Destination onFailure,
            SqsClient sqs,
            InvocationLog log) {
        this.function = function;
        this.source = source;
        this.tableName = tableName;
        this.streams = streams;
        this.getRecords = new RawGetRecords(streams);
        this.filter = EventFilter.of(source.filterPatterns());
        this.batches = new StreamBatches(function, source, onFailure, sqs, log, thread::running);
        this.nextDiscovery = System.nanoTime();
    }

    public StreamPoller start() {
        thread.start("stream-poller-" + function.logicalId() + "-" + source.name(), this::poll);
        return this;
    }

    public String description() {
        return source.tableLogicalId() + " stream -> " + function.logicalId() + " (" + source.startingPosition()
                + ", batch " + source.batchSize()
                + (source.filterPatterns().isEmpty()
                        ? ""
                        : ", " + source.filterPatterns().size() + " filter(s)")
                + (source.reportsBatchItemFailures() ? ", ReportBatchItemFailures" : "")
                + (source.bisectBatchOnFunctionError() ? ", bisect" : "")
                + ", "
                + (source.maximumRetryAttempts() < 0
                        ? "retries until expiry"
                        : source.maximumRetryAttempts() + " retries")
                + batches.destinationDescription() + ")";
    }

    private void poll() {
        while (thread.running()) {
            try {
                if (streamArn == null && !findStream()) {
                    PollerThread.sleep(BACKOFF);
                    continue;
                }
                if (System.nanoTime() - nextDiscovery >= 0) {
                    discoverShards();
                }
                boolean delivered = false;
                for (ShardReader shard : List.copyOf(shards.values())) {
                    if (thread.running() && shard.ready()) {
                        delivered |= step(shard);
                    }
                }
                if (!delivered) {
                    PollerThread.sleep(IDLE);
                }
            } catch (RuntimeException e) {
                if (!thread.running()) {
                    return;
                }
                LOG.warn("Reading the stream of {} for {} failed: {}", tableName, function.logicalId(), e.toString());
                PollerThread.sleep(BACKOFF);
            }
        }
    }

    /** The table's latest stream (the newest label), as Lambda's mapping names one stream ARN. */
    private boolean findStream() {
        streamArn = streams.listStreams(r -> r.tableName(tableName)).streams().stream()
                .max(Comparator.comparing(s -> s.streamLabel()))
                .map(s -> s.streamArn())
                .orElse(null);
        if (streamArn == null) {
            LOG.warn("{} has no stream yet for {}; trying again", tableName, function.logicalId());
        }
        return streamArn != null;
    }

    /**
     * Adds the shards not seen yet. Those there at the start begin at the mapping's starting position (with
     * {@code LATEST}, a closed shard has nothing left to read); later ones, children of a split, at their beginning.
     */
    private void discoverShards() {
        boolean first = !discovered;
        discovered = true;
        String after = null;
        do {
            String from = after;
            StreamDescription description = streams.describeStream(
                            r -> r.streamArn(streamArn).exclusiveStartShardId(from))
                    .streamDescription();
            for (Shard shard : description.shards()) {
                if (!shards.containsKey(shard.shardId())) {
                    boolean closed = shard.sequenceNumberRange() != null
                            && shard.sequenceNumberRange().endingSequenceNumber() != null;
                    boolean latest = first && "LATEST".equals(source.startingPosition());
                    ShardReader reader = new ShardReader(
                            shard.shardId(),
                            shards.get(shard.parentShardId()),
                            latest ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON);
                    reader.done = latest && closed;
                    shards.put(shard.shardId(), reader);
                }
            }
            after = description.lastEvaluatedShardId();
        } while (after != null);
        nextDiscovery = System.nanoTime() + DISCOVERY.toNanos();
    }

    /** Reads the shard and delivers one batch if there is one; true when it delivered. */
    private boolean step(ShardReader shard) {
        fill(shard);
        if (shard.pending.isEmpty()) {
            if (shard.iterator == null && shard.started) {
                shard.done = true;
                nextDiscovery = System.nanoTime(); // a closed shard: its children are next
            }
            return false;
        }
        boolean full = shard.pending.size() >= source.batchSize();
        long window =
                Duration.ofSeconds(source.maximumBatchingWindowInSeconds()).toNanos();
        if (!full && shard.iterator != null && System.nanoTime() - shard.firstPendingAt < window) {
            return false;
        }
        List<ObjectNode> batch = new ArrayList<>();
        while (batch.size() < source.batchSize() && !shard.pending.isEmpty()) {
            batch.add(shard.pending.removeFirst());
        }
        shard.firstPendingAt = System.nanoTime();
        batches.deliver(shard.id, streamArn, batch);
        return true;
    }

    /** Reads records into the shard's pending list until a batch is full or the shard has nothing more for now. */
    private void fill(ShardReader shard) {
        while (thread.running() && shard.pending.size() < source.batchSize()) {
            if (!shard.started) {
                shard.iterator = iterator(shard.id, shard.startAt, null);
                shard.started = true;
            }
            if (shard.iterator == null) {
                return;
            }
            RawGetRecords.Page page;
            try {
                page = getRecords.read(shard.iterator, GET_RECORDS_LIMIT);
            } catch (ExpiredIteratorException e) {
                // A batch retried for more than 15 minutes outlives the iterator: resume after the last record read.
                shard.iterator = shard.lastSequenceNumber == null
                        ? iterator(shard.id, shard.startAt, null)
                        : iterator(shard.id, ShardIteratorType.AFTER_SEQUENCE_NUMBER, shard.lastSequenceNumber);
                continue;
            }
            List<ObjectNode> read = new ArrayList<>();
            for (JsonNode record : page.records()) {
                read.add(StreamEvents.record(record, streamArn));
            }
            // Only once the whole page is converted does the shard move on: a record is never left behind.
            shard.iterator = page.nextShardIterator();
            for (ObjectNode node : read) {
                shard.lastSequenceNumber =
                        node.path("dynamodb").path("SequenceNumber").asText();
                if (filter.keeps(node)) {
                    if (shard.pending.isEmpty()) {
                        shard.firstPendingAt = System.nanoTime();
                    }
                    shard.pending.addLast(node);
                }
            }
            if (read.isEmpty()) {
                return;
            }
        }
    }

    private String iterator(String shardId, ShardIteratorType type, String sequenceNumber) {
        return streams.getShardIterator(r -> r.streamArn(streamArn)
                        .shardId(shardId)
                        .shardIteratorType(type)
                        .sequenceNumber(sequenceNumber))
                .shardIterator();
    }

    /** Where the mapping is in one shard: its iterator, the records read but not delivered yet. */
    private static final class ShardReader {
        final String id;
        final ShardReader parent;
        final ShardIteratorType startAt;
        final Deque<ObjectNode> pending = new ArrayDeque<>();
        String iterator;
        String lastSequenceNumber;
        long firstPendingAt;
        boolean started;
        boolean done;

        ShardReader(String id, ShardReader parent, ShardIteratorType startAt) {
            this.id = id;
            this.parent = parent;
            this.startAt = startAt;
        }

        /** Not finished, and its parent (if this mapping reads it) is: a parent's records go before its children's. */
        boolean ready() {
            return !done && (parent == null || parent.done);
        }
    }

    /** Tells the poller to stop, without waiting: {@link #close} waits. */
    public void stop() {
        thread.stop();
    }

    @Override
    public void close() {
        thread.close();
        getRecords.close();
    }
}
