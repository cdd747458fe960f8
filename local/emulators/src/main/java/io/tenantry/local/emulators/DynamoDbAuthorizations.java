package io.tenantry.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.iam.RequestContext;
import io.tenantry.local.iam.RequestContexts;
import io.tenantry.local.iam.RequestContexts.TransactionItem;
import io.tenantry.local.template.Arns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a DynamoDB JSON request ({@code X-Amz-Target} operation and body) into the authorizations IAM makes for it
 * ({@link RequestContexts}): the table or index ARN and the partition key value of every key, item, key condition,
 * batch entry and transaction item. A request it cannot read throws {@link Unreadable}, which the front answers with
 * a refusal: nothing is allowed because it could not be read.
 */
final class DynamoDbAuthorizations {
    /** The partition key attribute of a table, or of one of its indexes (null: the table's); empty when unknown. */
    interface PartitionKeys {
        Optional<String> of(String tableName, String indexName);
    }

    /** A request that cannot be authorized as written: refused, with the action and resource it names. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String action;
        private final String resource;

        Unreadable(String action, String resource, String reason) {
            super(reason);
            this.action = action;
            this.resource = resource;
        }

        String action() {
            return action;
        }

        String resource() {
            return resource;
        }
    }

    private static final Set<String> ONE_ITEM = Set.of("GetItem", "UpdateItem", "DeleteItem");
    /** Calls on a table (or none) that name no item: authorized without keys, which no tenant policy grants. */
    private static final Set<String> CONTROL_PLANE = Set.of(
            "CreateTable",
            "DeleteTable",
            "UpdateTable",
            "DescribeTable",
            "ListTables",
            "DescribeTimeToLive",
            "UpdateTimeToLive",
            "DescribeContinuousBackups",
            "UpdateContinuousBackups",
            "ListTagsOfResource",
            "TagResource",
            "UntagResource",
            "DescribeLimits",
            "DescribeEndpoints",
            "ListBackups",
            "CreateBackup",
            "DescribeKinesisStreamingDestination");

    private static final Pattern KEY_EQUALS = Pattern.compile("(#?[A-Za-z0-9_.-]+)\\s*=\\s*(:[A-Za-z0-9_]+)");
    private static final Pattern PARTIQL_TABLE =
            Pattern.compile("(?i)\\b(?:FROM|INTO|UPDATE)\\s+\"?([A-Za-z0-9_.-]+)\"?");

    private final PartitionKeys partitionKeys;

    DynamoDbAuthorizations(PartitionKeys partitionKeys) {
        this.partitionKeys = partitionKeys;
    }

    /** The authorizations for {@code operation} with {@code body}: at least one, or {@link Unreadable}. */
    List<RequestContext> read(String operation, JsonNode body) {
        String action = "dynamodb:" + operation;
        if (ONE_ITEM.contains(operation)) {
            Table table = table(action, body, null);
            return List.of(
                    RequestContexts.dynamoDb(operation, table.arn(), List.of(keyOf(action, table, body.get("Key")))));
        }
        return switch (operation) {
            case "PutItem" -> {
                Table table = table(action, body, null);
                yield List.of(RequestContexts.dynamoDb(
                        operation, table.arn(), List.of(keyOf(action, table, body.get("Item")))));
            }
            case "Query" -> {
                Table table = table(action, body, text(body, "IndexName"));
                yield List.of(RequestContexts.dynamoDb(operation, table.arn(), List.of(queryKey(action, table, body))));
            }
            case "Scan" ->
                List.of(RequestContexts.dynamoDb(
                        operation, table(action, body, text(body, "IndexName")).arn(), List.of()));
            case "BatchGetItem" -> batch(action, operation, body, false);
            case "BatchWriteItem" -> batch(action, operation, body, true);
            case "TransactWriteItems", "TransactGetItems" -> transaction(action, body);
            case "ExecuteStatement" -> List.of(partiQl(action, text(body, "Statement")));
            case "BatchExecuteStatement" -> statements(action, body.get("Statements"));
            case "ExecuteTransaction" -> statements(action, body.get("TransactStatements"));
            default -> {
                if (!CONTROL_PLANE.contains(operation)) {
                    throw new Unreadable(action, "*", "because the local IAM emulation does not know " + operation);
                }
                String resource = text(body, "TableName") != null
                        ? table(action, body, null).arn()
                        : Optional.ofNullable(text(body, "ResourceArn")).orElse("*");
                yield List.of(RequestContext.of(action, resource));
            }
        };
    }

    private List<RequestContext> batch(String action, String operation, JsonNode body, boolean write) {
        JsonNode requestItems = object(action, body.get("RequestItems"), "*", "RequestItems");
        Map<String, List<String>> keysByTable = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : requestItems.properties()) {
            Table table = table(action, entry.getKey(), null);
            List<String> keys = keysByTable.computeIfAbsent(table.arn(), arn -> new ArrayList<>());
            if (write) {
                for (JsonNode request : iterable(action, entry.getValue(), table.arn())) {
                    JsonNode put = request.get("PutRequest");
                    JsonNode delete = request.get("DeleteRequest");
                    if (put != null) {
                        keys.add(keyOf(action, table, put.get("Item")));
                    } else if (delete != null) {
                        keys.add(keyOf(action, table, delete.get("Key")));
                    } else {
                        throw new Unreadable(action, table.arn(), "because a write request is neither Put nor Delete");
                    }
                }
            } else {
                for (JsonNode key : iterable(action, entry.getValue().get("Keys"), table.arn())) {
                    keys.add(keyOf(action, table, key));
                }
            }
            if (keys.isEmpty()) {
                throw new Unreadable(action, table.arn(), "because the request names no keys");
            }
        }
        if (keysByTable.isEmpty()) {
            throw new Unreadable(action, "*", "because the request names no table");
        }
        return RequestContexts.dynamoDbBatch(operation, keysByTable);
    }

    private List<RequestContext> transaction(String action, JsonNode body) {
        List<TransactionItem> items = new ArrayList<>();
        for (JsonNode item : iterable(action, body.get("TransactItems"), "*")) {
            if (item.size() != 1) {
                throw new Unreadable(action, "*", "because a transaction item is not one operation");
            }
            Map.Entry<String, JsonNode> only = item.properties().iterator().next();
            String kind = only.getKey();
            JsonNode operation = only.getValue();
            Table table = table(action, operation, null);
            JsonNode key = kind.equals("Put") ? operation.get("Item") : operation.get("Key");
            items.add(new TransactionItem(kind, table.arn(), keyOf(action, table, key)));
        }
        if (items.isEmpty()) {
            throw new Unreadable(action, "*", "because the transaction has no items");
        }
        try {
            return RequestContexts.dynamoDbTransaction(items);
        } catch (IllegalArgumentException e) {
            throw new Unreadable(action, "*", "because " + e.getMessage());
        }
    }

    private List<RequestContext> statements(String action, JsonNode statements) {
        List<RequestContext> requests = new ArrayList<>();
        for (JsonNode statement : iterable(action, statements, "*")) {
            requests.add(partiQl(action, text(statement, "Statement")));
        }
        if (requests.isEmpty()) {
            throw new Unreadable(action, "*", "because the request has no statements");
        }
        return requests;
    }

    /**
     * A PartiQL statement, as {@code PartiQLSelect}/{@code Insert}/{@code Update}/{@code Delete} on its table, without
     * keys: no tenant policy grants PartiQL, so reading its WHERE clause would change nothing.
     */
    private RequestContext partiQl(String action, String statement) {
        if (statement == null) {
            throw new Unreadable(action, "*", "because the request has no statement");
        }
        String verb = statement.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        Matcher table = PARTIQL_TABLE.matcher(statement);
        if (!Set.of("select", "insert", "update", "delete").contains(verb) || !table.find()) {
            throw new Unreadable(action, "*", "because the local IAM emulation cannot read the statement");
        }
        String partiQlAction = "PartiQL" + Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
        return RequestContexts.dynamoDb(partiQlAction, Arns.table(table.group(1)), List.of());
    }

    /**
     * The partition value a Query reads: {@code <pk> = :v} in {@code KeyConditionExpression} (the name direct or
     * through {@code ExpressionAttributeNames}), or the legacy {@code KeyConditions} with {@code EQ}.
     */
    private static String queryKey(String action, Table table, JsonNode body) {
        String expression = text(body, "KeyConditionExpression");
        if (expression != null) {
            JsonNode names = body.path("ExpressionAttributeNames");
            Set<String> values = new LinkedHashSet<>();
            Matcher equals = KEY_EQUALS.matcher(expression);
            while (equals.find()) {
                String name = equals.group(1);
                String resolved = name.startsWith("#") ? names.path(name).asText(null) : name;
                if (table.partitionKey().equals(resolved)) {
                    values.add(equals.group(2));
                }
            }
            if (values.size() != 1) {
                throw new Unreadable(action, table.arn(), "because the key condition names no single partition value");
            }
            return value(
                    action,
                    table,
                    body.path("ExpressionAttributeValues").get(values.iterator().next()));
        }
        JsonNode condition = body.path("KeyConditions").get(table.partitionKey());
        if (condition != null
                && "EQ".equals(text(condition, "ComparisonOperator"))
                && condition.path("AttributeValueList").size() == 1) {
            return value(action, table, condition.path("AttributeValueList").get(0));
        }
        throw new Unreadable(action, table.arn(), "because the query names no partition value");
    }

    private static String keyOf(String action, Table table, JsonNode key) {
        if (key == null || !key.isObject()) {
            throw new Unreadable(action, table.arn(), "because the request names no key");
        }
        return value(action, table, key.get(table.partitionKey()));
    }

    /** An attribute value of a key ({@code S}, {@code N} or {@code B}) as IAM compares it: its text. */
    private static String value(String action, Table table, JsonNode attributeValue) {
        if (attributeValue != null && attributeValue.isObject() && attributeValue.size() == 1) {
            for (String type : List.of("S", "N", "B")) {
                JsonNode value = attributeValue.get(type);
                if (value != null && value.isTextual()) {
                    return value.asText();
                }
            }
        }
        throw new Unreadable(
                action,
                table.arn(),
                "because the request names no value for the partition key " + table.partitionKey());
    }

    private record Table(String arn, String partitionKey) {}

    private Table table(String action, JsonNode request, String indexName) {
        return table(action, text(request, "TableName"), indexName);
    }

    /** The table (a name or an ARN) or its index, with the partition key attribute the authorization reads. */
    private Table table(String action, String tableName, String indexName) {
        if (tableName == null) {
            throw new Unreadable(action, "*", "because the request names no table");
        }
        String name = tableName.startsWith("arn:") ? tableName.substring(tableName.indexOf(":table/") + 7) : tableName;
        String tableArn = Arns.table(name);
        String arn = indexName == null ? tableArn : tableArn + "/index/" + indexName;
        String partitionKey = partitionKeys
                .of(name, indexName)
                .orElseThrow(() -> new Unreadable(action, arn, "because the table's key schema is unknown"));
        return new Table(arn, partitionKey);
    }

    private static JsonNode object(String action, JsonNode node, String resource, String member) {
        if (node == null || !node.isObject()) {
            throw new Unreadable(action, resource, "because the request has no " + member);
        }
        return node;
    }

    private static Iterable<JsonNode> iterable(String action, JsonNode node, String resource) {
        if (node == null || !node.isArray()) {
            throw new Unreadable(action, resource, "because the request has no list where one belongs");
        }
        return node;
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node == null ? null : node.get(member);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
