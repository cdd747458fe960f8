package io.tenantry.shared.events;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Outbox;
import io.tenantry.shared.data.OutboxMessage;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.json.JsonCodec;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * Publishes a tenant's events for the webhook worker, which fans them out to the tenant's subscribed endpoints.
 *
 * <p>{@link #withEvent} is the only way: the event is written in the change's own DynamoDB transaction ({@link
 * Outbox}) and the outbox relay sends it to the webhook events queue from the table's stream, with the tenant id as
 * the message group (an SQS fair queue: one tenant's burst does not delay another's deliveries). The change and its
 * event happen together or not at all (docs/outbox.md). A function that publishes therefore needs no SQS client.
 */
@Singleton
public class EventPublisher {
    private final JsonCodec json;
    private final Clock clock;
    private final Outbox outbox;

    public EventPublisher(JsonCodec json, Clock clock, Outbox outbox) {
        this.json = json;
        this.clock = clock;
        this.outbox = outbox;
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
}
