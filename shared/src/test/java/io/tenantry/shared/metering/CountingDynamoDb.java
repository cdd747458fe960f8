package io.tenantry.shared.metering;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * A DynamoDB client that counts the calls the metering reader makes and can hold back keys of a
 * {@code BatchGetItem} as unprocessed, as DynamoDB does under load or past 16 MB.
 */
final class CountingDynamoDb implements DynamoDbClient {
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger batchGets = new AtomicInteger();
    /** The number of keys of each BatchGetItem call, in order. */
    final List<Integer> batchGetSizes = new ArrayList<>();
    /** Given the keys of a BatchGetItem call, the ones to leave unprocessed (not sent on). */
    volatile UnaryOperator<List<Map<String, AttributeValue>>> holdBack = keys -> List.of();

    private final DynamoDbClient delegate;

    CountingDynamoDb(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    void reset() {
        queries.set(0);
        gets.set(0);
        batchGets.set(0);
        batchGetSizes.clear();
    }

    int calls() {
        return queries.get() + gets.get() + batchGets.get();
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        queries.incrementAndGet();
        return delegate.query(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        gets.incrementAndGet();
        return delegate.getItem(request);
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        batchGets.incrementAndGet();
        if (request.requestItems().size() != 1) {
            throw new IllegalArgumentException("one table a call");
        }
        String table = request.requestItems().keySet().iterator().next();
        KeysAndAttributes asked = request.requestItems().get(table);
        batchGetSizes.add(asked.keys().size());
        List<Map<String, AttributeValue>> held = holdBack.apply(asked.keys());
        List<Map<String, AttributeValue>> sent =
                asked.keys().stream().filter(k -> !held.contains(k)).toList();
        BatchGetItemResponse response = sent.isEmpty()
                ? BatchGetItemResponse.builder()
                        .responses(Map.of(table, List.of()))
                        .build()
                : delegate.batchGetItem(b -> b.requestItems(
                        Map.of(table, asked.toBuilder().keys(sent).build())));
        if (held.isEmpty()) {
            return response;
        }
        if (response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty()) {
            throw new IllegalStateException("DynamoDB Local left keys unprocessed itself");
        }
        return response.toBuilder()
                .unprocessedKeys(Map.of(table, asked.toBuilder().keys(held).build()))
                .build();
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return delegate.putItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return delegate.deleteItem(request);
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return delegate.batchWriteItem(request);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return delegate.transactWriteItems(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // The delegate is the testkit's, shared by the JVM's tests.
    }
}
