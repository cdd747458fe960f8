package io.tenantry.shared.data;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.metering.UsageMeter;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The tenant-partitioned part of the table. Every method takes a {@link TenantAccess} and derives
 * the partition key from it alone, so a repository can address items only inside the caller's
 * tenant. Items carry a {@code version}: creation writes 1, every update checks and increments it.
 * Single-item creations, updates and deletions report the change of the tenant's stored bytes to
 * metering ({@link ItemSizes}); items written in transactions are not sized.
 *
 * <p>Every write here carries the {@link Outbox} entries pending on the thread for the tenant: a single-item write
 * with entries becomes a transaction of the item and the entries (an update or a deletion then reads the item first,
 * to answer and meter it exactly, and is conditional on the version it read). Without entries it stays one
 * single-item call.
 */
@Singleton
public final class TenantItems {
    /** Reads and writes of an update with outbox entries, when the item keeps moving between them. */
    static final int READ_WRITE_ATTEMPTS = 3;

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final UsageMeter meter;
    private final Outbox outbox;

    public TenantItems(DynamoDbClient dynamoDb, TableSettings table, UsageMeter meter, Outbox outbox) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.meter = meter;
        this.outbox = outbox;
    }

    public Optional<Item> get(TenantAccess access, String sortKey) {
        var response = dynamoDb.getItem(
                b -> b.tableName(table.name()).key(key(access, sortKey)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(new Item(response.item()))
                : Optional.empty();
    }

    /** Writes a new item at version 1; false when the key is taken. */
    public boolean create(TenantAccess access, String sortKey, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = newItem(access, sortKey, attributes);
        List<Outbox.Frame> pending = outbox.pendingFor(access);
        if (!pending.isEmpty()) {
            try {
                transactWith(access, List.of(createInTransaction(access, sortKey, attributes)), pending);
            } catch (TransactionCanceledException e) {
                if (failed(e, 0)) {
                    return false;
                }
                throw e;
            }
            meter.stored(access, ItemSizes.of(item));
            return true;
        }
        try {
            dynamoDb.putItem(b -> b.tableName(table.name()).item(item).conditionExpression("attribute_not_exists(PK)"));
            meter.stored(access, ItemSizes.of(item));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Runs {@code writes} (built by the {@code ...InTransaction} methods) as one transaction, with the outbox entries
     * pending for the tenant appended after them (so a cancellation reason's index still names the caller's write).
     */
    public void transact(TenantAccess access, List<TransactWriteItem> writes) {
        transact(access, writes, e -> false);
    }

    /**
     * {@link #transact(TenantAccess, List)}, where a cancellation that {@code landed} recognises as this call's own
     * transaction having landed (its answer lost, its retry refused) counts as written, entries included.
     */
    public void transact(
            TenantAccess access, List<TransactWriteItem> writes, Predicate<TransactionCanceledException> landed) {
        List<Outbox.Frame> pending = outbox.pendingFor(access);
        try {
            if (pending.isEmpty()) {
                dynamoDb.transactWriteItems(b -> b.transactItems(writes));
            } else {
                transactWith(access, writes, pending);
            }
        } catch (TransactionCanceledException e) {
            if (!landed.test(e)) {
                throw e;
            }
            Outbox.written(pending);
        }
    }

    /** The change and the pending entries, in one transaction; the entries are marked written when it succeeds. */
    private void transactWith(TenantAccess access, List<TransactWriteItem> change, List<Outbox.Frame> pending) {
        String partition = Keys.partitionOf(access);
        List<TransactWriteItem> writes = new ArrayList<>(change);
        for (OutboxEntry entry : Outbox.entriesOf(pending)) {
            Map<String, AttributeValue> item = entry.item(partition, change);
            if (!partition.equals(item.get(Keys.PK).s())) {
                throw new IllegalStateException("An outbox entry must be written in its own tenant's partition.");
            }
            writes.add(TransactWriteItem.builder()
                    .put(Put.builder().tableName(table.name()).item(item).build())
                    .build());
        }
        dynamoDb.transactWriteItems(b -> b.transactItems(writes));
        Outbox.written(pending);
    }

    /** Whether the transaction's write at {@code index} was refused by its condition. */
    static boolean failed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        return reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /** The same creation as {@link #create}, as one part of a transaction. */
    public TransactWriteItem createInTransaction(
            TenantAccess access, String sortKey, Map<String, AttributeValue> attributes) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table.name())
                        .item(newItem(access, sortKey, attributes))
                        .conditionExpression("attribute_not_exists(PK)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build())
                .build();
    }

    /**
     * An update of one of the tenant's items as part of a transaction, with the caller's own
     * expressions; the key is still derived from {@code access} alone.
     */
    public TransactWriteItem updateInTransaction(
            TenantAccess access,
            String sortKey,
            String updateExpression,
            String conditionExpression,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder()
                .update(software.amazon.awssdk.services.dynamodb.model.Update.builder()
                        .tableName(table.name())
                        .key(key(access, sortKey))
                        .updateExpression(updateExpression)
                        .conditionExpression(conditionExpression)
                        .expressionAttributeNames(names.isEmpty() ? null : names)
                        .expressionAttributeValues(values.isEmpty() ? null : values)
                        .build())
                .build();
    }

    /** A condition on one of the tenant's items that a transaction needs to hold, without writing it. */
    public TransactWriteItem checkInTransaction(
            TenantAccess access,
            String sortKey,
            String conditionExpression,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder()
                .conditionCheck(software.amazon.awssdk.services.dynamodb.model.ConditionCheck.builder()
                        .tableName(table.name())
                        .key(key(access, sortKey))
                        .conditionExpression(conditionExpression)
                        .expressionAttributeNames(names.isEmpty() ? null : names)
                        .expressionAttributeValues(values.isEmpty() ? null : values)
                        .build())
                .build();
    }

    /** A conditional delete of one of the tenant's items, as part of a transaction. */
    public TransactWriteItem deleteInTransaction(
            TenantAccess access,
            String sortKey,
            String conditionExpression,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder()
                .delete(software.amazon.awssdk.services.dynamodb.model.Delete.builder()
                        .tableName(table.name())
                        .key(key(access, sortKey))
                        .conditionExpression(conditionExpression)
                        .expressionAttributeNames(names.isEmpty() ? null : names)
                        .expressionAttributeValues(values.isEmpty() ? null : values)
                        .build())
                .build();
    }

    /**
     * Sets {@code changes} on the item if it is still at {@code expectedVersion}, and increments the
     * version. Throws {@link StaleVersionException} when the item changed or vanished meanwhile.
     */
    public Item update(TenantAccess access, String sortKey, long expectedVersion, Map<String, AttributeValue> changes) {
        return update(access, sortKey, expectedVersion, changes, Set.of());
    }

    /** Like {@link #update(TenantAccess, String, long, Map)}, also removing the attributes {@code removals}. */
    public Item update(
            TenantAccess access,
            String sortKey,
            long expectedVersion,
            Map<String, AttributeValue> changes,
            Set<String> removals) {
        return updateWhere(
                        access,
                        sortKey,
                        "#version = :expected",
                        Map.of(),
                        Map.of(":expected", number(expectedVersion)),
                        changes,
                        removals,
                        expectedVersion,
                        List.of())
                .orElseThrow(
                        () -> new StaleVersionException("The item is no longer at version " + expectedVersion + "."));
    }

    /**
     * Sets {@code changes} on the item, removes {@code removals} and increments its version, if it
     * exists and {@code condition} holds (its own {@code names} and {@code values}; {@code #version}
     * names the version; it is joined with {@code AND}, so a disjunction comes in parentheses): the new item, or empty when the condition does not hold. The change of the
     * item's size is reported to metering.
     */
    public Optional<Item> updateWhere(
            TenantAccess access,
            String sortKey,
            String condition,
            Map<String, String> conditionNames,
            Map<String, AttributeValue> conditionValues,
            Map<String, AttributeValue> changes,
            Set<String> removals) {
        return updateWhere(
                access, sortKey, condition, conditionNames, conditionValues, changes, removals, null, List.of());
    }

    /**
     * {@link #updateWhere}, with {@code alongside} (built by the {@code ...InTransaction} methods) in the same
     * transaction: the update and every write alongside it land together or not at all, so a count that goes with a
     * state change is made exactly once, however often the call is retried. Empty when the update's condition does not
     * hold; a refusal of a write alongside throws {@link TransactionCanceledException}.
     */
    public Optional<Item> updateWhere(
            TenantAccess access,
            String sortKey,
            String condition,
            Map<String, String> conditionNames,
            Map<String, AttributeValue> conditionValues,
            Map<String, AttributeValue> changes,
            Set<String> removals,
            List<TransactWriteItem> alongside) {
        return updateWhere(
                access, sortKey, condition, conditionNames, conditionValues, changes, removals, null, alongside);
    }

    /**
     * {@link #updateWhere}, and for a versioned update ({@code expectedVersion} not null) a failed condition whose item
     * is at the next version with exactly these changes is this call's own update, which landed while its answer was
     * lost (the SDK retried it into its own condition): the item is answered as updated. Its size change is not
     * metered, since the item before it is not known.
     */
    private Optional<Item> updateWhere(
            TenantAccess access,
            String sortKey,
            String condition,
            Map<String, String> conditionNames,
            Map<String, AttributeValue> conditionValues,
            Map<String, AttributeValue> changes,
            Set<String> removals,
            Long expectedVersion,
            List<TransactWriteItem> alongside) {
        Map<String, String> names = new HashMap<>(conditionNames);
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        StringBuilder set = new StringBuilder("SET #version = #version + :one");
        int i = 0;
        for (var change : changes.entrySet()) {
            names.put("#a" + i, change.getKey());
            values.put(":v" + i, change.getValue());
            set.append(", #a").append(i).append(" = :v").append(i);
            i++;
        }
        StringBuilder remove = new StringBuilder();
        for (String attribute : removals) {
            names.put("#r" + i, attribute);
            remove.append(remove.isEmpty() ? " REMOVE " : ", ").append("#r").append(i);
            i++;
        }
        set.append(remove);
        names.put("#version", Item.VERSION);
        values.put(":one", number(1));
        List<Outbox.Frame> pending = outbox.pendingFor(access);
        if (!pending.isEmpty() || !alongside.isEmpty()) {
            return updateWithEntries(
                    access, sortKey, set.toString(), condition, names, values, changes, removals, alongside, pending);
        }
        try {
            var response = dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(key(access, sortKey))
                    .updateExpression(set.toString())
                    .conditionExpression("attribute_exists(PK) AND " + condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            // The new item is the old one with the changes applied: exact, and it sizes the change.
            Map<String, AttributeValue> old = response.attributes();
            Map<String, AttributeValue> updated = new LinkedHashMap<>(old);
            updated.putAll(changes);
            removals.forEach(updated::remove);
            updated.put(Item.VERSION, number(new Item(old).version() + 1));
            meter.stored(access, ItemSizes.of(updated) - ItemSizes.of(old));
            return Optional.of(new Item(updated));
        } catch (ConditionalCheckFailedException e) {
            if (expectedVersion != null && e.hasItem() && isOwnUpdate(e.item(), expectedVersion, changes, removals)) {
                return Optional.of(new Item(e.item()));
            }
            return Optional.empty();
        }
    }

    /**
     * The update of {@link #updateWhere} in one transaction with the writes alongside it and the outbox entries: the
     * item is read first and the
     * update is conditional on the version read as well, so the answer (the item read, with the changes) is exact.
     * An item that moved between the read and the write is read again, a few times.
     */
    private Optional<Item> updateWithEntries(
            TenantAccess access,
            String sortKey,
            String updateExpression,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values,
            Map<String, AttributeValue> changes,
            Set<String> removals,
            List<TransactWriteItem> alongside,
            List<Outbox.Frame> pending) {
        for (int attempt = 0; attempt < READ_WRITE_ATTEMPTS; attempt++) {
            Optional<Item> before = get(access, sortKey);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            long observed = before.get().version();
            Map<String, AttributeValue> withObserved = new HashMap<>(values);
            withObserved.put(":observedVersion", number(observed));
            TransactWriteItem update = TransactWriteItem.builder()
                    .update(software.amazon.awssdk.services.dynamodb.model.Update.builder()
                            .tableName(table.name())
                            .key(key(access, sortKey))
                            .updateExpression(updateExpression)
                            .conditionExpression(
                                    "attribute_exists(PK) AND #version = :observedVersion AND (" + condition + ")")
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(withObserved)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build())
                    .build();
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(update);
            writes.addAll(alongside);
            try {
                transactWith(access, writes, pending);
            } catch (TransactionCanceledException e) {
                if (!failed(e, 0)) {
                    throw e;
                }
                CancellationReason reason = e.cancellationReasons().getFirst();
                if (reason.hasItem() && new Item(reason.item()).version() != observed) {
                    continue;
                }
                return Optional.empty();
            }
            Map<String, AttributeValue> old = before.get().attributes();
            Map<String, AttributeValue> updated = new LinkedHashMap<>(old);
            updated.putAll(changes);
            removals.forEach(updated::remove);
            updated.put(Item.VERSION, number(observed + 1));
            meter.stored(access, ItemSizes.of(updated) - ItemSizes.of(old));
            return Optional.of(new Item(updated));
        }
        return Optional.empty();
    }

    private static boolean isOwnUpdate(
            Map<String, AttributeValue> current,
            long expectedVersion,
            Map<String, AttributeValue> changes,
            Set<String> removals) {
        return new Item(current).version() == expectedVersion + 1
                && changes.entrySet().stream().allMatch(c -> c.getValue().equals(current.get(c.getKey())))
                && removals.stream().noneMatch(current::containsKey);
    }

    /**
     * A state transition of one of the tenant's items with the caller's own expressions (which should
     * increment {@code version}): the new item, or empty when the condition does not hold. Not sized
     * for metering; the caller reports what it adds.
     */
    public Optional<Item> updateIf(
            TenantAccess access,
            String sortKey,
            String updateExpression,
            String conditionExpression,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        List<Outbox.Frame> pending = outbox.pendingFor(access);
        if (!pending.isEmpty()) {
            try {
                transactWith(
                        access,
                        List.of(updateInTransaction(
                                access, sortKey, updateExpression, conditionExpression, names, values)),
                        pending);
            } catch (TransactionCanceledException e) {
                if (failed(e, 0)) {
                    return Optional.empty();
                }
                throw e;
            }
            // A transaction answers no item: the item as read right after the write.
            return get(access, sortKey);
        }
        try {
            var response = dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(key(access, sortKey))
                    .updateExpression(updateExpression)
                    .conditionExpression(conditionExpression)
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values.isEmpty() ? null : values)
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(new Item(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Deletes the item if it is at {@code expectedVersion}; {@link StaleVersionException} otherwise. */
    public void delete(TenantAccess access, String sortKey, long expectedVersion) {
        List<Outbox.Frame> pending = outbox.pendingFor(access);
        if (!pending.isEmpty()) {
            long storedBytes =
                    get(access, sortKey).map(i -> ItemSizes.of(i.attributes())).orElse(0L);
            try {
                transactWith(
                        access,
                        List.of(deleteInTransaction(
                                access,
                                sortKey,
                                "attribute_exists(PK) AND #version = :expected",
                                Map.of("#version", Item.VERSION),
                                Map.of(":expected", number(expectedVersion)))),
                        pending);
            } catch (TransactionCanceledException e) {
                if (failed(e, 0)) {
                    throw new StaleVersionException("The item is no longer at version " + expectedVersion + ".");
                }
                throw e;
            }
            meter.stored(access, -storedBytes);
            return;
        }
        try {
            var response = dynamoDb.deleteItem(b -> b.tableName(table.name())
                    .key(key(access, sortKey))
                    .conditionExpression("attribute_exists(PK) AND #version = :expected")
                    .expressionAttributeNames(Map.of("#version", Item.VERSION))
                    .expressionAttributeValues(Map.of(":expected", number(expectedVersion)))
                    .returnValues(ReturnValue.ALL_OLD));
            if (response.hasAttributes()) {
                meter.stored(access, -ItemSizes.of(response.attributes()));
            }
        } catch (ConditionalCheckFailedException e) {
            throw new StaleVersionException("The item is no longer at version " + expectedVersion + ".");
        }
    }

    /**
     * One page of the tenant's items whose sort key starts with {@code prefix}, in sort-key order
     * ({@code ascending}) or reverse, after {@code startAfter} (a previous page's last key, or null).
     */
    public Page query(
            TenantAccess access, String prefix, int limit, Map<String, AttributeValue> startAfter, boolean ascending) {
        QueryResponse response = dynamoDb.query(b -> b.tableName(table.name())
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(Keys.partitionOf(access)), ":prefix", AttributeValue.fromS(prefix)))
                .exclusiveStartKey(startAfter == null || startAfter.isEmpty() ? null : startAfter)
                .scanIndexForward(ascending)
                .consistentRead(true)
                .limit(limit));
        List<Item> items = response.items().stream().map(Item::new).toList();
        Map<String, AttributeValue> last = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of();
        return new Page(items, last);
    }

    /** The key of an item of the tenant, to continue a {@link #query} after it. */
    public Map<String, AttributeValue> startKey(TenantAccess access, String sortKey) {
        return key(access, sortKey);
    }

    /** A page of items and the key to continue after (empty when there is no more). */
    public record Page(List<Item> items, Map<String, AttributeValue> lastKey) {}

    private Map<String, AttributeValue> newItem(
            TenantAccess access, String sortKey, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(attributes);
        item.putAll(key(access, sortKey));
        item.put(Item.VERSION, number(1));
        return item;
    }

    private static Map<String, AttributeValue> key(TenantAccess access, String sortKey) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.partitionOf(access)), Keys.SK, AttributeValue.fromS(sortKey));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
