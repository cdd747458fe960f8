package io.tenantry.local.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorizations IAM makes for a DynamoDB or S3 call, from the call's plain facts (operation
 * name, table ARN and partition key values; bucket, key or prefix), independent of how the call was
 * read. The session's principal tags are added by the caller ({@link
 * RequestContext#withPrincipalTags}).
 *
 * <p>DynamoDB: {@code dynamodb:LeadingKeys} is the set of partition key values the request touches
 * on that table, absent when it names none (Scan). A batch is authorized once per table; a
 * transaction once per item, as that item's own action. Operations outside the lists below throw.
 */
public final class RequestContexts {
    public static final String LEADING_KEYS = "dynamodb:LeadingKeys";
    public static final String S3_PREFIX = "s3:prefix";

    /** Operations on one item, or Query on one partition: exactly one partition key value. */
    private static final Set<String> ONE_KEY = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query");

    private static final Set<String> BATCHES = Set.of("BatchGetItem", "BatchWriteItem");
    private static final Set<String> KEYLESS = Set.of("Scan", "DescribeTable");
    /** ExecuteStatement and friends are authorized as one of these, after the statement's verb. */
    private static final Set<String> PARTIQL =
            Set.of("PartiQLSelect", "PartiQLInsert", "PartiQLUpdate", "PartiQLDelete");

    private static final Map<String, String> TRANSACTION_ITEMS = Map.of(
            "Get", "GetItem",
            "Put", "PutItem",
            "Update", "UpdateItem",
            "Delete", "DeleteItem",
            "ConditionCheck", "ConditionCheckItem");

    private static final Map<String, String> OBJECT_ACTIONS = Map.of(
            "GetObject", "s3:GetObject",
            "HeadObject", "s3:GetObject",
            "PutObject", "s3:PutObject",
            "CreateMultipartUpload", "s3:PutObject",
            "UploadPart", "s3:PutObject",
            "CompleteMultipartUpload", "s3:PutObject",
            "AbortMultipartUpload", "s3:AbortMultipartUpload",
            "DeleteObject", "s3:DeleteObject");

    /** One item of TransactWriteItems ({@code Put}, {@code Update}, {@code Delete}, {@code ConditionCheck}) or TransactGetItems ({@code Get}). */
    public record TransactionItem(String kind, String tableArn, String partitionKey) {}

    private RequestContexts() {}

    /**
     * A DynamoDB operation on one table: {@code GetItem}, {@code PutItem}, {@code UpdateItem},
     * {@code DeleteItem}, {@code Query} (one key: the key condition's partition value), {@code
     * BatchGetItem}, {@code BatchWriteItem} (this table's keys), {@code Scan}, {@code DescribeTable}
     * (no keys), or the PartiQL actions ({@code PartiQLSelect}, ...) with the keys they name.
     */
    public static RequestContext dynamoDb(String operation, String tableArn, Collection<String> partitionKeys) {
        int keys = partitionKeys.size();
        boolean fits;
        if (ONE_KEY.contains(operation)) {
            fits = keys == 1;
        } else if (BATCHES.contains(operation)) {
            fits = keys > 0;
        } else if (KEYLESS.contains(operation)) {
            fits = keys == 0;
        } else if (PARTIQL.contains(operation)) {
            fits = true;
        } else {
            throw new IllegalArgumentException(unsupported(operation));
        }
        if (!fits) {
            throw new IllegalArgumentException(
                    operation + " on " + tableArn + " cannot name the keys " + partitionKeys);
        }
        return RequestContext.of("dynamodb:" + operation, tableArn).withValues(LEADING_KEYS, partitionKeys);
    }

    /** BatchGetItem or BatchWriteItem over several tables: one authorization per table. */
    public static List<RequestContext> dynamoDbBatch(
            String operation, Map<String, ? extends Collection<String>> keysByTable) {
        if (!BATCHES.contains(operation)) {
            throw new IllegalArgumentException(operation + " is not BatchGetItem or BatchWriteItem");
        }
        List<RequestContext> requests = new ArrayList<>();
        keysByTable.forEach((table, keys) -> requests.add(dynamoDb(operation, table, keys)));
        return requests;
    }

    /**
     * TransactWriteItems or TransactGetItems: each item authorized on its own, as its own action
     * with its own partition key (there is no IAM action for the transaction).
     */
    public static List<RequestContext> dynamoDbTransaction(List<TransactionItem> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("A transaction has at least one item");
        }
        List<RequestContext> requests = new ArrayList<>(items.size());
        for (TransactionItem item : items) {
            String action = TRANSACTION_ITEMS.get(item.kind());
            if (action == null) {
                throw new IllegalArgumentException("No transaction item kind " + item.kind());
            }
            requests.add(RequestContext.of("dynamodb:" + action, item.tableArn())
                    .withValues(LEADING_KEYS, List.of(item.partitionKey())));
        }
        return requests;
    }

    /**
     * An S3 call on one object: {@code GetObject}, {@code HeadObject} (as s3:GetObject), {@code
     * PutObject} and the multipart upload calls (as s3:PutObject), {@code AbortMultipartUpload},
     * {@code DeleteObject}.
     */
    public static RequestContext s3Object(String operation, String bucket, String key) {
        String action = OBJECT_ACTIONS.get(operation);
        if (action == null) {
            throw new IllegalArgumentException("S3 " + operation + " is not modelled here");
        }
        return RequestContext.of(action, objectArn(bucket, key));
    }

    /** DeleteObjects: s3:DeleteObject for each key. */
    public static List<RequestContext> s3DeleteObjects(String bucket, List<String> keys) {
        return keys.stream().map(key -> s3Object("DeleteObject", bucket, key)).toList();
    }

    /** CopyObject: s3:GetObject on the source and s3:PutObject on the target. */
    public static List<RequestContext> s3CopyObject(String sourceBucket, String sourceKey, String bucket, String key) {
        return List.of(s3Object("GetObject", sourceBucket, sourceKey), s3Object("PutObject", bucket, key));
    }

    /** ListObjects or ListObjectsV2: s3:ListBucket on the bucket, {@code s3:prefix} absent when null. */
    public static RequestContext s3List(String bucket, String prefix) {
        RequestContext request = RequestContext.of("s3:ListBucket", "arn:aws:s3:::" + bucket);
        return prefix == null ? request : request.with(S3_PREFIX, prefix);
    }

    private static String objectArn(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }

    private static String unsupported(String operation) {
        return switch (operation) {
            case "TransactWriteItems", "TransactGetItems" ->
                operation + " is authorized item by item: use dynamoDbTransaction";
            case "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction" ->
                operation
                        + " is authorized as PartiQLSelect, PartiQLInsert, PartiQLUpdate or PartiQLDelete, after"
                        + " its statement";
            default -> "DynamoDB " + operation + " is not modelled here";
        };
    }
}
