package io.tenantry.shared.metering;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What finance keeps of a purged tenant's usage, outside its key space: one item per recorded day
 * ({@code DELETION#<tenantId>} / {@code USAGE#<day>}: the day's totals and stored bytes, no names)
 * and an entry per month with usage in the deletion index ({@code DELETION#MONTH#<yyyy-mm>} /
 * {@code <tenantId>}), so the cost export still attributes the tenant's last months. Written by the
 * purge before it deletes the usage items; writing again writes the same items.
 */
@Singleton
public final class UsageArchive {
    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final UsageReader reader;

    public UsageArchive(DynamoDbClient dynamoDb, TableSettings table, UsageReader reader) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.reader = reader;
    }

    /** Archives every recorded day of the tenant; returns how many days were archived. */
    public int archive(TenantAccess access, Instant deletedAt) {
        List<DailyUsage> days = reader.recorded(access);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<YearMonth, LocalDate[]> months = new TreeMap<>();
        for (DailyUsage day : days) {
            items.add(toItem(access.tenantId(), day));
            months.merge(YearMonth.from(day.date()), new LocalDate[] {day.date(), day.date()}, (a, b) ->
                    new LocalDate[] {a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
        }
        months.forEach((month, range) -> {
            Map<String, AttributeValue> entry = new HashMap<>();
            entry.put(Keys.PK, AttributeValue.fromS(Keys.deletionMonthIndexOf(month)));
            entry.put(Keys.SK, AttributeValue.fromS(access.tenantId()));
            entry.put("tenantId", AttributeValue.fromS(access.tenantId()));
            entry.put("firstDay", AttributeValue.fromS(range[0].toString()));
            entry.put("lastDay", AttributeValue.fromS(range[1].toString()));
            entry.put("deletedAt", AttributeValue.fromS(deletedAt.toString()));
            items.add(entry);
        });
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> writes = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(i -> WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(i).build())
                            .build())
                    .toList();
            Map<String, List<WriteRequest>> request = Map.of(table.name(), writes);
            while (!request.isEmpty()) {
                Map<String, List<WriteRequest>> current = request;
                var response = dynamoDb.batchWriteItem(b -> b.requestItems(current));
                request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
        return days.size();
    }

    static Map<String, AttributeValue> toItem(String tenantId, DailyUsage day) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(Keys.deletionPartitionOf(tenantId)));
        item.put(Keys.SK, AttributeValue.fromS(UsageReader.ARCHIVE_PREFIX + day.date()));
        item.put("date", AttributeValue.fromS(day.date().toString()));
        item.put("requests", number(day.requests()));
        item.put("computeMs", number(day.computeMs()));
        item.put("computeMbMs", number(day.computeMbMs()));
        item.put("storageBytes", number(day.storageBytes()));
        item.put("mediaProcessed", number(day.mediaProcessed()));
        item.put("invoicesRendered", number(day.invoicesRendered()));
        return item;
    }

    static DailyUsage fromItem(Item item) {
        return new DailyUsage(
                LocalDate.parse(item.string("date")),
                item.number("requests"),
                item.number("computeMs"),
                item.number("computeMbMs"),
                item.number("storageBytes"),
                item.number("mediaProcessed"),
                item.number("invoicesRendered"));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
