package io.tenantry.local.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The plain handler {@code ./tenantry bench} measures every function against: no framework, the {@code DynamoDbClient}
 * the functions build (the URL-connection HTTP client; region, endpoint and credentials from the environment), and
 * {@code GetProjectFunction}'s one call, a {@code GetItem} of the project the event's path names in the partition of
 * its token's tenant. No verification, membership, rate limit, metering, tracing or JSON framework: what a function
 * costs beyond this handler is Tenantry's own. Never deployed.
 */
public final class PlainGetItemHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .httpClient(UrlConnectionHttpClient.builder().build())
            .build();
    private final String table = System.getenv("TENANTRY_TABLE");

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String tenantId = text(nested(event, "requestContext", "authorizer", "jwt", "claims"), "tenant_id");
        String projectId = text(nested(event, "pathParameters"), "projectId");
        if (tenantId == null || projectId == null) {
            return Map.of("statusCode", 400, "body", "{\"detail\":\"no tenant_id claim or projectId\"}");
        }
        GetItemResponse found = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(
                        "PK", AttributeValue.fromS("TENANT#" + tenantId),
                        "SK", AttributeValue.fromS("PROJECT#" + projectId))));
        if (!found.hasItem() || found.item().isEmpty()) {
            return Map.of("statusCode", 404, "body", "{\"detail\":\"no such project\"}");
        }
        AttributeValue name = found.item().get("name");
        return Map.of(
                "statusCode",
                200,
                "headers",
                Map.of("Content-Type", "application/json"),
                "body",
                "{\"id\":\"" + escaped(projectId) + "\",\"name\":\"" + escaped(name == null ? "" : name.s()) + "\"}");
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> map, String... path) {
        Map<String, Object> current = map;
        for (String key : path) {
            Object next = current == null ? null : current.get(key);
            current = next instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        }
        return current;
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value == null ? null : value.toString();
    }
}
