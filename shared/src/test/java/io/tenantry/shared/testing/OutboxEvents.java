package io.tenantry.shared.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.OutboxMessage;
import io.tenantry.shared.data.TenantItems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a tenant's changes have put in the outbox for the relay: the tests of a function read what it wrote in the
 * change's transaction, where the relay (functions/outbox, its own tests) would take it from.
 */
public final class OutboxEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutboxEvents() {}

    /** The bodies of the tenant's outbox messages for {@code destination}, oldest first, as JSON. */
    public static List<JsonNode> of(ApplicationContext context, String tenantId, String destination) {
        List<JsonNode> found = new ArrayList<>();
        var page = context.getBean(TenantItems.class)
                .query(SystemAccess.forWorker(tenantId), OutboxMessage.PREFIX, 1_000, null, true);
        for (Item item : page.items()) {
            if (destination.equals(item.string("destination"))) {
                try {
                    found.add(JSON.readTree(item.string("body")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return found;
    }

    /** The tenant's webhook events in the outbox, oldest first. */
    public static List<JsonNode> webhookEvents(ApplicationContext context, String tenantId) {
        return of(context, tenantId, OutboxMessage.WEBHOOK_EVENTS);
    }
}
