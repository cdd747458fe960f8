package io.tenantry.shared.events;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.metrics.BusinessMetrics;
import io.tenantry.shared.metrics.MetricNames;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Publishes a tenant's events to the webhook events queue ({@code TENANTRY_WEBHOOK_EVENTS_QUEUE}), which the
 * webhook worker fans out to the tenant's subscribed endpoints. The tenant id is the message group (an SQS fair
 * queue: one tenant's burst does not delay another's deliveries).
 *
 * <p>{@link #publishAfterWrite} is called after the write the event is about has succeeded, and never fails it: a
 * publish that fails is logged at error with the event id and counted ({@value MetricNames#EVENTS_NOT_PUBLISHED}), and
 * the caller's success stands. The event is then lost for its webhooks; a transactional outbox (the event written
 * in the same DynamoDB transaction as the change, published from the table's stream) would close that gap.
 * A function without the queue configured publishes nothing.
 */
@Requires(classes = SqsClient.class)
@Singleton
public class EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final SqsClient sqs;
    private final JsonCodec json;
    private final BusinessMetrics business;
    private final Clock clock;
    private final String queueUrl;

    public EventPublisher(
            SqsClient sqs,
            JsonCodec json,
            BusinessMetrics business,
            Clock clock,
            @Value("${tenantry.webhook.events.queue:}") String queueUrl) {
        this.sqs = sqs;
        this.json = json;
        this.business = business;
        this.clock = clock;
        this.queueUrl = queueUrl;
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
