package io.tenantry.media.repository;

import io.tenantry.media.image.Rejection;
import io.tenantry.media.model.MediaRecord;
import io.tenantry.media.model.MediaStatus;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.CountedItems;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.idempotency.StateTransitions;
import io.tenantry.shared.idempotency.StateTransitions.Transition;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Media records in the tenant's partition, sort key {@code MEDIA#<id>}. Ids are ULIDs, so the sort
 * key order is creation order and "newest first" is a reverse query.
 */
@Singleton
public class DynamoMediaRepository implements MediaRepository {
    static final String PREFIX = "MEDIA#";
    /** The table's TTL attribute. */
    static final String EXPIRES_AT = "expiresAt";
    /** The lease of a claim: until when the worker that claimed the record holds it. */
    static final String PROCESSING_UNTIL = "processingUntil";

    static final String CLAIMED_BY = "claimedBy";

    private final TenantItems items;
    private final CountedItems counted;
    private final StateTransitions transitions;

    public DynamoMediaRepository(TenantItems items, CountedItems counted, StateTransitions transitions) {
        this.items = items;
        this.counted = counted;
        this.transitions = transitions;
    }

    @Override
    public boolean create(TenantAccess access, MediaRecord record, long expiresAt, long quota) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("id", s(record.id()));
        attributes.put("fileName", s(record.fileName()));
        attributes.put("contentType", s(record.contentType()));
        attributes.put("sizeBytes", n(record.sizeBytes()));
        attributes.put("status", s(record.status().wireName()));
        attributes.put("createdAt", s(record.createdAt()));
        attributes.put("updatedAt", s(record.updatedAt()));
        attributes.put("uploadExpiresAt", s(record.uploadExpiresAt()));
        attributes.put(EXPIRES_AT, n(expiresAt));
        return switch (counted.createUncounted(access, PREFIX + record.id(), attributes, Keys.MEDIA_COUNT, quota)) {
            case CREATED -> true;
            case QUOTA_REACHED -> false;
            case KEY_TAKEN -> throw new IllegalStateException("Media id collision: " + record.id());
        };
    }

    @Override
    public Optional<MediaRecord> find(TenantAccess access, String mediaId) {
        return items.get(access, PREFIX + mediaId).map(DynamoMediaRepository::toRecord);
    }

    @Override
    public List<MediaRecord> listNewestFirst(TenantAccess access, Optional<String> afterId, int limit) {
        Map<String, AttributeValue> start =
                afterId.map(id -> items.startKey(access, PREFIX + id)).orElse(null);
        return items.query(access, PREFIX, limit + 1, start, false).items().stream()
                .map(DynamoMediaRepository::toRecord)
                .toList();
    }

    @Override
    public Optional<MediaRecord> claim(
            TenantAccess access,
            String mediaId,
            long expectedVersion,
            Duration lease,
            String claimant,
            String now,
            boolean firstClaim) {
        // "uploadUrl": items created before the URL stopped being stored still carry one; it goes with the rest.
        return transitions
                .apply(
                        access,
                        PREFIX + mediaId,
                        Transition.from(MediaStatus.AWAITING_UPLOAD.wireName())
                                .to(MediaStatus.PROCESSING.wireName())
                                .leased(PROCESSING_UNTIL, lease)
                                .atVersion(expectedVersion)
                                .set("updatedAt", s(now))
                                .set(CLAIMED_BY, s(claimant))
                                .remove("uploadUrl", "uploadExpiresAt", EXPIRES_AT),
                        firstClaim ? List.of(counted.countInTransaction(access, Keys.MEDIA_COUNT, 1)) : List.of())
                .map(DynamoMediaRepository::toRecord);
    }

    @Override
    public MediaRecord complete(
            TenantAccess access,
            String mediaId,
            long expectedVersion,
            int width,
            int height,
            List<MediaRecord.StoredVariant> variants,
            String now) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("width", n(width));
        set.put("height", n(height));
        set.put(
                "variants",
                AttributeValue.fromL(
                        variants.stream().map(DynamoMediaRepository::variant).toList()));
        set.put("updatedAt", s(now));
        return finish(access, mediaId, expectedVersion, MediaStatus.READY, set);
    }

    @Override
    public MediaRecord reject(
            TenantAccess access, String mediaId, long expectedVersion, Rejection rejection, String now) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("reason", s(rejection.message()));
        set.put("reasonCode", s(rejection.code()));
        set.put("updatedAt", s(now));
        return finish(access, mediaId, expectedVersion, MediaStatus.REJECTED, set);
    }

    /** {@code processing} → {@code to} by the claim's holder (the version it claimed at), lease released. */
    private MediaRecord finish(
            TenantAccess access,
            String mediaId,
            long expectedVersion,
            MediaStatus to,
            Map<String, AttributeValue> set) {
        return transitions
                .apply(
                        access,
                        PREFIX + mediaId,
                        Transition.from(MediaStatus.PROCESSING.wireName())
                                .to(to.wireName())
                                .atVersion(expectedVersion)
                                .set(set)
                                .remove(PROCESSING_UNTIL, CLAIMED_BY))
                .map(DynamoMediaRepository::toRecord)
                .orElseThrow(
                        () -> new StaleVersionException("The media is no longer at version " + expectedVersion + "."));
    }

    @Override
    public void delete(TenantAccess access, String mediaId, long expectedVersion, boolean counted) {
        if (counted) {
            this.counted.delete(access, PREFIX + mediaId, expectedVersion, Keys.MEDIA_COUNT);
        } else {
            items.delete(access, PREFIX + mediaId, expectedVersion);
        }
    }

    private static AttributeValue variant(MediaRecord.StoredVariant v) {
        return AttributeValue.fromM(Map.of(
                "name", s(v.name()),
                "width", n(v.width()),
                "height", n(v.height()),
                "sizeBytes", n(v.sizeBytes()),
                "contentType", s(v.contentType())));
    }

    private static MediaRecord toRecord(Item item) {
        AttributeValue stored = item.attributes().get("variants");
        List<MediaRecord.StoredVariant> variants = stored == null || !stored.hasL()
                ? List.of()
                : stored.l().stream()
                        .map(v -> new Item(v.m()))
                        .map(v -> new MediaRecord.StoredVariant(
                                v.string("name"),
                                (int) v.number("width"),
                                (int) v.number("height"),
                                v.number("sizeBytes"),
                                v.string("contentType")))
                        .toList();
        return new MediaRecord(
                item.string("id"),
                item.string("fileName"),
                item.string("contentType"),
                item.number("sizeBytes"),
                MediaStatus.fromWireName(item.string("status")).orElseThrow(),
                item.string("createdAt"),
                item.string("updatedAt"),
                item.version(),
                item.string("uploadExpiresAt"),
                item.string(PROCESSING_UNTIL),
                item.string(CLAIMED_BY),
                optionalInt(item, "width"),
                optionalInt(item, "height"),
                variants,
                item.string("reason"),
                item.string("reasonCode"));
    }

    private static Integer optionalInt(Item item, String name) {
        return item.attributes().containsKey(name) ? (int) item.number(name) : null;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
