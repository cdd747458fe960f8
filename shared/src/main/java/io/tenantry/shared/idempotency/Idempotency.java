package io.tenantry.shared.idempotency;

import io.micronaut.core.annotation.Nullable;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.aws.AwsOutages;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
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
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@code Idempotency-Key} for the POST routes that declare it ({@link Route#idempotent()}), kept in
 * DynamoDB with conditional writes and a TTL. A key belongs to its caller: the tenant, the user, and
 * the route (method and path pattern); another member sending the same key makes its own request.
 * The first request with a key takes a lock record; its successful response is stored and replayed,
 * same status and body, for 24 hours. The same key with another body answers 409, and so does a
 * second request while the first still runs (so two racing requests make one resource). A failed
 * first request, and any answer that is not a success (4xx, 429, 5xx), releases the key: only
 * successes are replayed, so a retry after a throttle or an outage is a new attempt.
 *
 * <p>Lost answers: the lock carries the request's own id, so a lock that landed but whose answer was lost (the SDK
 * retries it into a failed condition) is known as the request's own. When the response cannot be stored after the
 * work is done, the caller still gets it, and the key stays locked until the lock runs out.
 */
@Singleton
public final class Idempotency {
    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration LOCK = Duration.ofSeconds(60);
    private static final List<String> REPLAYED_HEADERS = List.of("Location", "ETag");

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final JsonCodec json;
    private final Clock clock;
    private final ReplaySealer sealer;

    public Idempotency(
            DynamoDbClient dynamoDb, TableSettings table, JsonCodec json, Clock clock, @Nullable ReplaySealer sealer) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.json = json;
        this.clock = clock;
        this.sealer = sealer;
    }

    /**
     * Runs an admitted request once per key for its caller and route: in the tenant's partition for a
     * tenant route (so the purge removes the records), in the caller's own for a caller route.
     */
    public ApiResponse run(ApiRequest request, Route route, Supplier<ApiResponse> action) {
        var key = request.idempotencyKey();
        if (key.isEmpty()) {
            return action.get();
        }
        String partition;
        String owner;
        if (route.access() == Route.Access.TENANT) {
            TenantAccess access = request.tenant();
            partition = Keys.partitionOf(access);
            owner = access.userId();
        } else {
            Caller caller = request.caller();
            partition = Keys.callerPartition(caller.issuer() + "#" + caller.subject());
            owner = "";
        }
        Map<String, AttributeValue> recordKey = Map.of(
                Keys.PK, AttributeValue.fromS(partition),
                Keys.SK, AttributeValue.fromS("IDEMPOTENCY#" + owner + "#" + route.value() + "#" + key.get()));
        String fingerprint = fingerprint(request.rawBody());
        String lockId = UUID.randomUUID().toString();
        Lock lock;
        try {
            lock = lock(recordKey, fingerprint, lockId);
        } catch (RuntimeException e) {
            // Every answer lost: the lock may have landed all the same.
            release(recordKey, lockId);
            throw e;
        }
        if (!lock.held()) {
            return replay(lock.holder(), fingerprint, route, recordKey);
        }
        ApiResponse response;
        try {
            response = action.get();
        } catch (RuntimeException e) {
            release(recordKey, lockId);
            throw e;
        }
        if (response.status() >= 300) {
            release(recordKey, lockId);
            return response;
        }
        return complete(recordKey, response, route);
    }

    /**
     * Takes the key's lock: true when this request holds it, else the record that holds the key. The lock carries this
     * request's own id, so a lock whose answer was lost and that the SDK retried into a failed condition is still
     * recognised as this request's own.
     */
    private Lock lock(Map<String, AttributeValue> recordKey, String fingerprint, String lockId) {
        long now = clock.instant().getEpochSecond();
        Map<String, AttributeValue> item = new HashMap<>(recordKey);
        item.put("state", AttributeValue.fromS("IN_PROGRESS"));
        item.put("fingerprint", AttributeValue.fromS(fingerprint));
        item.put("lockId", AttributeValue.fromS(lockId));
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
                            ":fingerprint", AttributeValue.fromS(fingerprint)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Lock.HELD;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> holder = e.hasItem() ? e.item() : Map.of();
            AttributeValue holderLock = holder.get("lockId");
            if (holderLock != null && lockId.equals(holderLock.s())) {
                return Lock.HELD;
            }
            return new Lock(holder);
        }
    }

    /** The outcome of taking a key's lock: held by this request, or the record of the request that holds the key. */
    private record Lock(Map<String, AttributeValue> holder) {
        static final Lock HELD = new Lock(null);

        boolean held() {
            return holder == null;
        }
    }

    private ApiResponse replay(
            Map<String, AttributeValue> holder,
            String fingerprint,
            Route route,
            Map<String, AttributeValue> recordKey) {
        if (holder.isEmpty()) {
            throw new ConflictException("A request with this Idempotency-Key has just finished; retry it.");
        }
        Item record = new Item(holder);
        if (!fingerprint.equals(record.string("fingerprint"))) {
            throw new ConflictException("This Idempotency-Key was used with another request body.");
        }
        if (!"COMPLETED".equals(record.string("state"))) {
            throw new ConflictException("A request with this Idempotency-Key is still in progress.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        AttributeValue stored = holder.get("headers");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((name, value) -> headers.put(name, value.s()));
        }
        headers.put("Idempotent-Replayed", "true");
        byte[] body;
        if (route.sealedReplay()) {
            String sealed = record.string("sealedBody");
            body = sealed == null ? null : sealer().open(sealed, recordName(recordKey));
        } else {
            body = record.string("body") == null ? null : record.string("body").getBytes(StandardCharsets.UTF_8);
        }
        return ApiResponse.raw((int) record.number("status"), body, headers);
    }

    private ApiResponse complete(Map<String, AttributeValue> recordKey, ApiResponse response, Route route) {
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
        if (body != null && route.sealedReplay()) {
            values.put(":body", AttributeValue.fromS(sealer().seal(body, recordName(recordKey))));
            update += ", sealedBody = :body";
        } else if (body != null) {
            values.put(":body", AttributeValue.fromS(new String(body, StandardCharsets.UTF_8)));
            update += ", body = :body";
        }
        String expression = update;
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(recordKey)
                    .updateExpression(expression)
                    .expressionAttributeNames(Map.of("#state", "state", "#status", "status"))
                    .expressionAttributeValues(values));
        } catch (RuntimeException e) {
            if (!AwsOutages.isOutage(e)) {
                throw e;
            }
            // The request's work is done: the caller is told so. The key stays locked until LOCK runs out.
            LOG.warn("Could not store the response of an Idempotency-Key; it is answered unstored: {}", e.toString());
        }
        return ApiResponse.raw(response.status(), body, replayed);
    }

    /**
     * Frees the key after a failure, so that a retry is a new attempt: only while this request holds the lock. When
     * DynamoDB cannot be reached for that either, the lock runs out by itself ({@link #LOCK}); the request's own
     * failure is what the caller is told.
     */
    private void release(Map<String, AttributeValue> recordKey, String lockId) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table.name())
                    .key(recordKey)
                    .conditionExpression("lockId = :lockId")
                    .expressionAttributeValues(Map.of(":lockId", AttributeValue.fromS(lockId))));
        } catch (ConditionalCheckFailedException e) {
            // Not this request's lock (or no lock at all): nothing to free.
        } catch (RuntimeException e) {
            if (!AwsOutages.isOutage(e)) {
                throw e;
            }
            LOG.warn(
                    "Could not free an Idempotency-Key after a failure; its lock runs out in {}: {}",
                    LOCK,
                    e.toString());
        }
    }

    private ReplaySealer sealer() {
        if (sealer == null) {
            throw new IllegalStateException("A route with sealed replays runs in a context without a ReplaySealer.");
        }
        return sealer;
    }

    /** The record's key as one string, which a sealed answer is bound to. */
    private static String recordName(Map<String, AttributeValue> recordKey) {
        return recordKey.get(Keys.PK).s() + "/" + recordKey.get(Keys.SK).s();
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
