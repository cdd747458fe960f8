package io.tenantry.shared.events;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Outbox;
import io.tenantry.shared.data.OutboxMessage;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.metrics.BusinessMetrics;
import io.tenantry.shared.metrics.MetricNames;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Publishes a tenant's events to the webhook events queue ({@code TENANTRY_WEBHOOK_EVENTS_QUEUE}), which the
 * webhook worker fans out to the tenant's subscribed endpoints. The tenant id is the message group (an SQS fair
 * queue: one tenant's burst does not delay another's deliveries).
 *
 * <p>{@link #withEvent} is how a change publishes: the event is written in the change's own DynamoDB transaction
 * ({@link Outbox}) and the outbox relay sends it on from the table's stream, so the change and its event happen
 * together or not at all. {@link #publishAfterWrite} is left for writes that do not go through the tenant's items:
 * it sends after the write has succeeded and never fails it (a failed send is logged at error with the event id and
 * counted, {@value MetricNames#EVENTS_NOT_PUBLISHED}, and the event is lost for its webhooks); a function without
 * the queue configured publishes nothing that way.
 */
@Requires(classes = SqsClient.class)
@Singleton
public class EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final SqsClient sqs;
    private final JsonCodec json;
    private final BusinessMetrics business;
    private final Clock clock;
    private final Outbox outbox;
    private final String queueUrl;

    public EventPublisher(
            SqsClient sqs,
            JsonCodec json,
            BusinessMetrics business,
            Clock clock,
            Outbox outbox,
            @Value("${tenantry.webhook.events.queue:}") String queueUrl) {
        this.sqs = sqs;
        this.json = json;
        this.business = business;
        this.clock = clock;
        this.outbox = outbox;
        this.queueUrl = queueUrl;
    }

    /**
     * Runs {@code write}, the change {@code data} is about, with its {@code type} event joined to the change's
     * transaction: the event exists exactly when the change does. {@code data} is what the event says of the
     * resource after the change.
     */
    public <T> T withEvent(TenantAccess access, String type, Object data, Supplier<T> write) {
        TenantEvent event = event(access, type, data);
        OutboxMessage message = OutboxMessage.of(
                OutboxMessage.WEBHOOK_EVENTS,
                event.tenantId(),
                new String(json.write(event), StandardCharsets.UTF_8),
                0,
                clock.instant());
        return outbox.with(access, List.of(message), write);
    }

    /** The event for {@code data} in the caller's tenant, now. */
    public TenantEvent event(TenantAccess access, String type, Object data) {
        return new TenantEvent(
                Ids.eventId(),
                type,
                clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(),
                access.tenantId(),
                data);
    }

    /**
     * Publishes {@code type} about {@code data}; returns the event sent, or empty when it was not (no queue
     * configured, or the send failed: logged and counted, never thrown).
     */
    public Optional<TenantEvent> publishAfterWrite(TenantAccess access, String type, Object data) {
        if (queueUrl.isBlank()) {
            return Optional.empty();
        }
        TenantEvent event = event(access, type, data);
        try {
            send(event);
            return Optional.of(event);
        } catch (RuntimeException e) {
            LOG.atError()
                    .addKeyValue("eventId", event.id())
                    .addKeyValue("eventType", type)
                    .addKeyValue("tenantId", access.tenantId())
                    .addKeyValue("error", e.toString())
                    .log("The event was not published; the write it is about stands, its webhooks will not hear of it");
            try {
                business.record(MetricNames.EVENTS_NOT_PUBLISHED, access);
            } catch (RuntimeException ignored) {
                // The metric is best effort too: the caller's write has succeeded.
            }
            return Optional.empty();
        }
    }

    /** Sends the event; throws when SQS refuses it. */
    public void send(TenantEvent event) {
        String body = new String(json.write(event), StandardCharsets.UTF_8);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageGroupId(event.tenantId()));
    }
}
