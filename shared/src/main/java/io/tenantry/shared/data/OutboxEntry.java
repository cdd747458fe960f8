package io.tenantry.shared.data;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Something a change causes, written as one item in the change's own DynamoDB transaction ({@link Outbox}): a message
 * the outbox relay sends on ({@link OutboxMessage}), or a record kept beside the change (an audit event). Either both
 * are written or neither is.
 */
public interface OutboxEntry {

    /**
     * The item to write in the tenant's partition {@code partitionKey}, beside {@code change} (the change's own writes,
     * in order, which an entry may read: an audit event takes the id of the item the change creates).
     */
    Map<String, AttributeValue> item(String partitionKey, List<TransactWriteItem> change);
}
