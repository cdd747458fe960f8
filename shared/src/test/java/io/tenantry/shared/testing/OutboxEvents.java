package io.tenantry.shared.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.OutboxMessage;
import io.tenantry.shared.data.TenantItems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a tenant's changes have put in the outbox for the relay: the tests of a function read what it wrote in the
 * change's transaction, where the relay (functions/outbox, its own tests) would take it from, or have it relayed to
 * its queue ({@link #relay}) before they hand the queue to a worker.
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

    /** The queue of each destination, as the template gives it to the relay. */
    private static Map<String, String> queues(AwsEnvironment aws) {
        Map<String, String> env = aws.functionEnvironment("OutboxRelayFunction");
        return Map.of(
                OutboxMessage.WEBHOOK_EVENTS, env.get("TENANTRY_WEBHOOK_EVENTS_QUEUE"),
                OutboxMessage.INVOICES, env.get("TENANTRY_INVOICES_QUEUE"),
                OutboxMessage.PURGE, env.get("TENANTRY_PURGE_QUEUE"),
                OutboxMessage.EMAIL, env.get("TENANTRY_EMAIL_QUEUE"));
    }

    /**
     * Does what the relay does for every outbox item now in the table, in key order: sends its message to its
     * destination's queue (group, delay and all), then deletes the item so that it is relayed once; the number sent.
     * The relay itself is tested in functions/outbox; this stands in for the table's stream in a function's tests.
     */
    public static int relay(AwsEnvironment aws) {
        Map<String, String> queues = queues(aws);
        String table = aws.functionEnvironment("OutboxRelayFunction").getOrDefault("TENANTRY_TABLE", "");
        String tableName = table.isBlank() ? aws.resources().tableName("TenantryTable") : table;
        int sent = 0;
        for (Map<String, AttributeValue> item : aws.dynamoDb()
                .scanPaginator(b -> b.tableName(tableName)
                        .consistentRead(true)
                        .filterExpression("begins_with(SK, :outbox)")
                        .expressionAttributeValues(Map.of(":outbox", AttributeValue.fromS(OutboxMessage.PREFIX))))
                .items()) {
            Map<String, String> strings = new HashMap<>();
            item.forEach((k, v) -> strings.put(k, v.s() != null ? v.s() : v.n()));
            OutboxMessage message = OutboxMessage.fromItem(strings);
            aws.sqs()
                    .sendMessage(b -> b.queueUrl(queues.get(message.destination()))
                            .messageBody(message.body())
                            .messageGroupId(message.groupId())
                            .delaySeconds(message.delaySeconds()));
            aws.dynamoDb()
                    .deleteItem(b ->
                            b.tableName(tableName).key(Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK))));
            sent++;
        }
        return sent;
    }

    /** The tenant's webhook events in the outbox, oldest first. */
    public static List<JsonNode> webhookEvents(ApplicationContext context, String tenantId) {
        return of(context, tenantId, OutboxMessage.WEBHOOK_EVENTS);
    }
}
