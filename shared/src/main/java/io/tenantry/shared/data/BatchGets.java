package io.tenantry.shared.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@code BatchGetItem} over any number of keys of one table: {@value #MAX_KEYS_PER_CALL} keys a call, strongly
 * consistent, {@code UnprocessedKeys} retried with exponential backoff (from the first pause, doubling, at most a
 * second) until read; {@value #MAX_ATTEMPTS_WITHOUT_PROGRESS} calls in a row that read none of them fail the read
 * with an {@link IllegalStateException}. Keys whose items do not exist are simply absent from the result.
 */
public final class BatchGets {
    public static final int MAX_KEYS_PER_CALL = 100;
    public static final int MAX_ATTEMPTS_WITHOUT_PROGRESS = 8;
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final long firstBackoffMillis;

    public BatchGets(DynamoDbClient dynamoDb, String table, long firstBackoffMillis) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.firstBackoffMillis = firstBackoffMillis;
    }

    /** The items of the keys, in no particular order; {@code shape} adds a projection to each call. */
    public List<Map<String, AttributeValue>> read(
            List<Map<String, AttributeValue>> keys, UnaryOperator<KeysAndAttributes.Builder> shape) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int at = 0; at < keys.size(); at += MAX_KEYS_PER_CALL) {
            List<Map<String, AttributeValue>> pending = keys.subList(at, Math.min(keys.size(), at + MAX_KEYS_PER_CALL));
            int retries = 0;
            int withoutProgress = 0;
            while (!pending.isEmpty()) {
                if (retries > 0) {
                    pause(retries);
                }
                List<Map<String, AttributeValue>> request = pending;
                BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(Map.of(
                        table,
                        shape.apply(KeysAndAttributes.builder().keys(request).consistentRead(true))
                                .build())));
                if (response.hasResponses()) {
                    items.addAll(response.responses().getOrDefault(table, List.of()));
                }
                KeysAndAttributes unprocessed = response.hasUnprocessedKeys()
                        ? response.unprocessedKeys().get(table)
                        : null;
                pending = unprocessed == null || !unprocessed.hasKeys() ? List.of() : unprocessed.keys();
                withoutProgress = pending.size() < request.size() ? 0 : withoutProgress + 1;
                if (!pending.isEmpty() && withoutProgress >= MAX_ATTEMPTS_WITHOUT_PROGRESS) {
                    throw new IllegalStateException("BatchGetItem left " + pending.size() + " keys unprocessed after "
                            + MAX_ATTEMPTS_WITHOUT_PROGRESS + " attempts in a row that read none");
                }
                retries++;
            }
        }
        return items;
    }

    private void pause(int retry) {
        long millis = Math.min(MAX_BACKOFF_MILLIS, firstBackoffMillis << Math.min(retry - 1, 10));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying unprocessed keys", e);
        }
    }
}
