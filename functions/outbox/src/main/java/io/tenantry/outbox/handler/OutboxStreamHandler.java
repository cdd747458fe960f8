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
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
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
     * Before a SnapStart snapshot: a batch through the handler path from its JSON to its answer's, its one record the
     * insert of an outbox item of the priming tenant (which no sign-up can mint), {@code tenantry.priming.rounds} times
     * inside a priming run: the item is read into its message and sent to its queue, a send that is marshalled and
     * signed, then stopped before it leaves ({@code PrimingGuard}), so the batch answers that record as failed. Then
     * the metrics emitter. The first batch after a restore finds their classes loaded and compiled.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming priming = applicationContext.getBean(Priming.class);
        priming.primeMetrics();
        priming.primeEvents("the outbox relay", () -> writeNowhere(relayBatch(throughJson(primingBatch()))));
    }

    /** A batch of one record: the insert of an outbox item of the priming tenant, for its webhook events' queue. */
    private static DynamodbEvent primingBatch() {
        StreamRecord insert = new StreamRecord();
        insert.setSequenceNumber("0");
        insert.setNewImage(Map.of(
                "PK", new AttributeValue("TENANT#" + Priming.TENANT_ID),
                "SK", new AttributeValue(OutboxMessage.PREFIX + Priming.id("obx_")),
                "destination", new AttributeValue(OutboxMessage.WEBHOOK_EVENTS),
                "groupId", new AttributeValue(Priming.TENANT_ID),
                "body", new AttributeValue("{\"tenantId\":\"" + Priming.TENANT_ID + "\"}"),
                "delaySeconds", new AttributeValue().withN("0"),
                "createdAt", new AttributeValue("2026-01-01T00:00:00Z")));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(insert);
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
                if (PrimingGuard.stopped(e)) {
                    // A priming run's send, stopped before it left: nothing failed.
                    LOG.debug("Priming batch stopped at its send: {}", e.toString());
                } else {
                    LOG.atWarn()
                            .addKeyValue("sequenceNumber", sequenceNumber)
                            .addKeyValue("sent", sent)
                            .log("Outbox relay stopped at a failed send; the batch comes again from here: " + e);
                }
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
