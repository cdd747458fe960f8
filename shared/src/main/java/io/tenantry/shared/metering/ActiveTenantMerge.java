package io.tenantry.shared.metering;

import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The tenants with usage in a period, each once, by a k-way merge of sorted index partitions, in
 * (day-index shard, tenant id) order.
 *
 * <p>For each day-index shard {@code s} in turn, one cursor per day of the period reads {@code
 * USAGEDAY#<day>#<s>} and one per month reads {@code DELETION#MONTH#<yyyy-mm>}, keeping the purged
 * tenants whose archived days overlap the period and whose shard ({@link Keys#usageDayIndexShardOf})
 * is {@code s}. Both indexes have the tenant id as their sort key, so every cursor yields ids in
 * DynamoDB's order (UTF-8 bytes, which is code point order); a priority queue of the cursors' heads
 * merges them and equal ids, which are then adjacent, come out once. A tenant in both indexes (a
 * purge in progress archives before it deletes the live entries) comes out purged, with its
 * {@code deletedAt}.
 *
 * <p>Memory: the open shard's cursors only, each holding at most one page: {@code (days + months) ×
 * pageLimit} index entries, whatever the number of tenants. Calls: per shard, one query per day and
 * one per month of the period, plus one per further page.
 */
final class ActiveTenantMerge implements Iterator<ActiveTenant> {
    /** Orders cursors by their head's id as DynamoDB sorts it, purged entries before live ones. */
    private static final Comparator<Cursor> ORDER = Comparator.<Cursor, String>comparing(
                    c -> c.head.tenantId(), ActiveTenantMerge::compareCodePoints)
            .thenComparing(c -> !c.head.deleted());

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final LocalDate from;
    private final LocalDate to;
    private final int pageLimit;
    private final PriorityQueue<Cursor> heads = new PriorityQueue<>(ORDER);
    private int nextShard = 0;
    private ActiveTenant next;

    /**
     * @param pageLimit the {@code Limit} of every index query; 0 for DynamoDB's own (1 MB pages)
     */
    ActiveTenantMerge(DynamoDbClient dynamoDb, String table, LocalDate from, LocalDate to, int pageLimit) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.from = from;
        this.to = to;
        this.pageLimit = pageLimit;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public ActiveTenant next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ActiveTenant tenant = next;
        next = null;
        return tenant;
    }

    /** The next tenant in (shard, id) order, or null when every shard is done. */
    private ActiveTenant advance() {
        while (heads.isEmpty()) {
            if (nextShard == Keys.USAGE_DAY_INDEX_SHARDS || to.isBefore(from)) {
                return null;
            }
            openShard(nextShard++);
        }
        Cursor first = heads.poll();
        ActiveTenant tenant = first.head;
        requeue(first);
        while (!heads.isEmpty() && heads.peek().head.tenantId().equals(tenant.tenantId())) {
            Cursor same = heads.poll();
            if (!tenant.deleted() && same.head.deleted()) {
                tenant = same.head;
            }
            requeue(same);
        }
        return tenant;
    }

    private void openShard(int shard) {
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            requeue(new Cursor(Keys.usageDayIndexOf(day, shard), shard, false));
        }
        for (YearMonth month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
            requeue(new Cursor(Keys.deletionMonthIndexOf(month), shard, true));
        }
    }

    private void requeue(Cursor cursor) {
        if (cursor.advance()) {
            heads.add(cursor);
        }
    }

    /** DynamoDB's order of string sort keys: their UTF-8 bytes, unsigned, which is code point order. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** One index partition, read a page at a time, positioned on its next entry for the shard. */
    private final class Cursor {
        private final String partition;
        private final int shard;
        private final boolean deletionIndex;
        private List<Map<String, AttributeValue>> page = List.of();
        private int index = 0;
        private Map<String, AttributeValue> start = null;
        private boolean lastPageRead = false;
        ActiveTenant head;

        Cursor(String partition, int shard, boolean deletionIndex) {
            this.partition = partition;
            this.shard = shard;
            this.deletionIndex = deletionIndex;
        }

        /** Moves to the next entry that belongs to the merge; false when the partition is done. */
        boolean advance() {
            while (true) {
                while (index < page.size()) {
                    head = accept(new Item(page.get(index++)));
                    if (head != null) {
                        return true;
                    }
                }
                if (lastPageRead) {
                    head = null;
                    page = List.of();
                    return false;
                }
                QueryRequest.Builder request = QueryRequest.builder()
                        .tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition)))
                        .exclusiveStartKey(start);
                if (pageLimit > 0) {
                    request.limit(pageLimit);
                }
                QueryResponse response = dynamoDb.query(request.build());
                page = response.items();
                index = 0;
                start = response.hasLastEvaluatedKey()
                                && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey()
                        : null;
                lastPageRead = start == null;
            }
        }

        /** The entry as a tenant of the merge, or null when it does not belong to it. */
        private ActiveTenant accept(Item item) {
            String id = item.string(Keys.SK);
            if (id == null) {
                return null;
            }
            if (!deletionIndex) {
                return new ActiveTenant(id, false, Optional.empty());
            }
            if (Keys.usageDayIndexShardOf(id) != shard) {
                return null;
            }
            LocalDate first = LocalDate.parse(item.string("firstDay"));
            LocalDate last = LocalDate.parse(item.string("lastDay"));
            if (last.isBefore(from) || first.isAfter(to)) {
                return null;
            }
            return new ActiveTenant(
                    id, true, Optional.ofNullable(item.string("deletedAt")).map(Instant::parse));
        }
    }
}
