package io.tenantry.shared.idempotency;

import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.problem.ConflictException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code Idempotency-Key} for POST routes, kept in DynamoDB with conditional writes and a TTL. The
 * first request with a key takes a lock record; its successful response is stored and replayed, same
 * status and body, for 24 hours. The same key with another body answers 409, and so does a second
 * request while the first still runs (so two racing requests make one resource). A failed first
 * request releases the key, so the client may retry it.
 */
@Singleton
public final class Idempotency {
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration LOCK = Duration.ofSeconds(60);
    private static final List<String> REPLAYED_HEADERS = List.of("Location", "ETag");

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final JsonCodec json;
    private final Clock clock;

    public Idempotency(DynamoDbClient dynamoDb, TableSettings table, JsonCodec json, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Runs a tenant route's POST once per key for this caller in the tenant. A key belongs to its caller: another
     * member sending the same key makes a request of its own, and never sees the first caller's answer (which may
     * hold what was meant for that caller alone, such as a presigned upload URL).
     */
    public ApiResponse run(ApiRequest request, TenantAccess access, Supplier<ApiResponse> action) {
        return run(request, Keys.partitionOf(access), callerScope(access.caller()), action);
    }

    /** Runs a POST that belongs to no tenant (sign-up) once per key for this caller. */
    public ApiResponse run(ApiRequest request, Caller caller, Supplier<ApiResponse> action) {
        return run(request, Keys.partitionOf(caller), "", action);
    }

    /** The caller's part of a record's sort key: a digest of its subject, so no subject can look like another's. */
    private static String callerScope(Caller caller) {
        return "SUB#" + fingerprint(caller.subject().getBytes(StandardCharsets.UTF_8)) + "#";
    }

    private ApiResponse run(ApiRequest request, String partition, String scope, Supplier<ApiResponse> action) {
        var key = request.idempotencyKey();
        if (key.isEmpty()) {
            return action.get();
        }
        Map<String, AttributeValue> recordKey = Map.of(
                Keys.PK, AttributeValue.fromS(partition),
                Keys.SK,
                        AttributeValue.fromS(
                                "IDEMPOTENCY#" + scope + request.method() + " " + request.path() + "#" + key.get()));
        String fingerprint = fingerprint(request.rawBody());
        if (!lock(recordKey, fingerprint)) {
            return replay(recordKey, fingerprint);
        }
        ApiResponse response;
        try {
            response = action.get();
        } catch (RuntimeException e) {
            release(recordKey);
            throw e;
        }
        if (response.status() >= 300) {
            release(recordKey);
            return response;
        }
        return complete(recordKey, response);
    }

    private boolean lock(Map<String, AttributeValue> recordKey, String fingerprint) {
        long now = clock.instant().getEpochSecond();
        Map<String, AttributeValue> item = new HashMap<>(recordKey);
        item.put("state", AttributeValue.fromS("IN_PROGRESS"));
        item.put("fingerprint", AttributeValue.fromS(fingerprint));
        item.put("expiresAt", number(now + RETENTION.toSeconds()));
        item.put("lockedUntil", number(now + LOCK.toSeconds()));
        try {
            dynamoDb.putItem(b -> b.tableName(table.name())
                    .item(item)
                    .conditionExpression("attribute_not_exists(PK) OR expiresAt < :now"
                            + " OR (#state = :inProgress AND lockedUntil < :now AND fingerprint = :fingerprint)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(
                            ":now", number(now),
                            ":inProgress", AttributeValue.fromS("IN_PROGRESS"),
                            ":fingerprint", AttributeValue.fromS(fingerprint))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private ApiResponse replay(Map<String, AttributeValue> recordKey, String fingerprint) {
        var response =
                dynamoDb.getItem(b -> b.tableName(table.name()).key(recordKey).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            throw new ConflictException("A request with this Idempotency-Key has just finished; retry it.");
        }
        Item record = new Item(response.item());
        if (!fingerprint.equals(record.string("fingerprint"))) {
            throw new ConflictException("This Idempotency-Key was used with another request body.");
        }
        if (!"COMPLETED".equals(record.string("state"))) {
            throw new ConflictException("A request with this Idempotency-Key is still in progress.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        AttributeValue stored = response.item().get("headers");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((name, value) -> headers.put(name, value.s()));
        }
        headers.put("Idempotent-Replayed", "true");
        byte[] body =
                record.string("body") == null ? null : record.string("body").getBytes(StandardCharsets.UTF_8);
        return ApiResponse.raw((int) record.number("status"), body, headers);
    }

    private ApiResponse complete(Map<String, AttributeValue> recordKey, ApiResponse response) {
        byte[] body = response.rawBody() != null
                ? response.rawBody()
                : response.body() == null ? null : json.write(response.body());
        Map<String, AttributeValue> headers = new HashMap<>();
        Map<String, String> replayed = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            String value = response.headers().get(name);
            if (value != null) {
                headers.put(name, AttributeValue.fromS(value));
                replayed.put(name, value);
            }
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":completed", AttributeValue.fromS("COMPLETED"));
        values.put(":status", number(response.status()));
        values.put(":headers", AttributeValue.fromM(headers));
        String update = "SET #state = :completed, #status = :status, headers = :headers";
        if (body != null) {
            values.put(":body", AttributeValue.fromS(new String(body, StandardCharsets.UTF_8)));
            update += ", body = :body";
        }
        String expression = update;
        dynamoDb.updateItem(b -> b.tableName(table.name())
                .key(recordKey)
                .updateExpression(expression)
                .expressionAttributeNames(Map.of("#state", "state", "#status", "status"))
                .expressionAttributeValues(values));
        return ApiResponse.raw(response.status(), body, replayed);
    }

    private void release(Map<String, AttributeValue> recordKey) {
        dynamoDb.deleteItem(b -> b.tableName(table.name()).key(recordKey));
    }

    private static String fingerprint(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
