package io.tenantry.outbox.handler;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.micronaut.context.ApplicationContext;
import io.tenantry.outbox.service.OutboxRelay;
import io.tenantry.outbox.service.UnusableOutboxItemException;
import io.tenantry.shared.data.OutboxMessage;
import io.tenantry.shared.json.EventHandler;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.metrics.MetricsEmitter;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay: the table's stream, filtered to inserts of {@code OUTBOX#} items (template.yaml), hands each
 * batch over in order; each item's message is sent to its queue ({@link OutboxRelay}). At the first send that fails
 * the batch stops and answers that record as its {@code batchItemFailures} entry, so Lambda hands the batch over
 * again from there (records after it are not sent twice by this attempt). An item that can never be sent is logged
 * and skipped. A record that is not an insert of an outbox item (the filter lets none through) is skipped.
 */
public class OutboxStreamHandler extends EventHandler<DynamodbEvent, StreamsEventResponse> implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxStreamHandler.class);

    @Inject
    OutboxRelay relay;

    @Inject
    FunctionMetrics metrics;

    private final InstanceStart start = new InstanceStart();

    public OutboxStreamHandler() {
        super();
        Core.getGlobalContext().register(this);
    }

    public OutboxStreamHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        return metrics.invocation(getClass(), start, () -> relayBatch(event));
    }

    /**
     * Before a SnapStart snapshot: a batch through the handler path from its JSON to its answer's (its one record a
     * change, not an insert, so it is skipped), an outbox item read into its message (no queue is called), and the
     * metrics emitter, so the first batch after a restore finds their classes loaded.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        writeNowhere(relayBatch(throughJson(primingBatch())));
        OutboxMessage.fromItem(Map.of(
                "SK", OutboxMessage.PREFIX + "obx_priming",
                "destination", OutboxMessage.WEBHOOK_EVENTS,
                "groupId", "ten_priming",
                "body", "{}",
                "delaySeconds", "0",
                "createdAt", "2026-01-01T00:00:00Z"));
        applicationContext.getBean(MetricsEmitter.class).prime();
    }

    /** A batch of one record of the priming tenant's outbox item changed (not inserted): skipped, never sent. */
    private static DynamodbEvent primingBatch() {
        StreamRecord change = new StreamRecord();
        change.setSequenceNumber("0");
        change.setNewImage(Map.of(
                "SK",
                new AttributeValue(OutboxMessage.PREFIX + "obx_priming"),
                "delaySeconds",
                new AttributeValue().withN("0")));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setDynamodb(change);
        DynamodbEvent batch = new DynamodbEvent();
        batch.setRecords(List.of(record));
        return batch;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing held before the snapshot is unique to an instance; connections open on first use.
    }

    private StreamsEventResponse relayBatch(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        int sent = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            Map<String, String> item = outboxItem(record);
            if (item == null) {
                continue;
            }
            String sequenceNumber = record.getDynamodb().getSequenceNumber();
            try {
                OutboxMessage message = relay.relay(item);
                sent++;
                LOG.atDebug()
                        .addKeyValue("outboxId", message.id())
                        .addKeyValue("destination", message.destination())
                        .log("relayed");
            } catch (UnusableOutboxItemException e) {
                LOG.atError()
                        .addKeyValue("sequenceNumber", sequenceNumber)
                        .log("Outbox item skipped: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.atWarn()
                        .addKeyValue("sequenceNumber", sequenceNumber)
                        .addKeyValue("sent", sent)
                        .log("Outbox relay stopped at a failed send; the batch comes again from here: " + e);
                return StreamsEventResponse.builder()
                        .withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                                .withItemIdentifier(sequenceNumber)
                                .build()))
                        .build();
            }
        }
        LOG.atInfo()
                .addKeyValue("records", records.size())
                .addKeyValue("sent", sent)
                .log("batch");
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    /** The new image of an inserted outbox item as strings, or null for any other record. */
    private static Map<String, String> outboxItem(DynamodbEvent.DynamodbStreamRecord record) {
        if (record == null || !"INSERT".equals(record.getEventName()) || record.getDynamodb() == null) {
            return null;
        }
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        if (image == null) {
            return null;
        }
        Map<String, String> item = new HashMap<>();
        image.forEach((name, value) -> {
            if (value != null && value.getS() != null) {
                item.put(name, value.getS());
            } else if (value != null && value.getN() != null) {
                item.put(name, value.getN());
            }
        });
        String sortKey = item.get("SK");
        return sortKey != null && sortKey.startsWith(OutboxMessage.PREFIX) ? item : null;
    }
}
