package io.tenantry.media.repository;

import io.tenantry.media.image.Rejection;
import io.tenantry.media.model.MediaRecord;
import io.tenantry.media.model.MediaStatus;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.CountedItems;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TenantItems;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private final TenantItems items;
    private final CountedItems counted;

    public DynamoMediaRepository(TenantItems items, CountedItems counted) {
        this.items = items;
        this.counted = counted;
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
    public void count(TenantAccess access, int delta) {
        counted.count(access, Keys.MEDIA_COUNT, delta);
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
    public MediaRecord claim(TenantAccess access, String mediaId, long expectedVersion, String until, String now) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("status", s(MediaStatus.PROCESSING.wireName()));
        set.put("processingUntil", s(until));
        set.put("updatedAt", s(now));
        // "uploadUrl": items created before the URL stopped being stored still carry one; it goes with the rest.
        return toRecord(items.update(
                access, PREFIX + mediaId, expectedVersion, set, Set.of("uploadUrl", "uploadExpiresAt", EXPIRES_AT)));
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
        set.put("status", s(MediaStatus.READY.wireName()));
        set.put("width", n(width));
        set.put("height", n(height));
        set.put(
                "variants",
                AttributeValue.fromL(
                        variants.stream().map(DynamoMediaRepository::variant).toList()));
        set.put("updatedAt", s(now));
        return toRecord(items.update(access, PREFIX + mediaId, expectedVersion, set, Set.of("processingUntil")));
    }

    @Override
    public MediaRecord reject(
            TenantAccess access, String mediaId, long expectedVersion, Rejection rejection, String now) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("status", s(MediaStatus.REJECTED.wireName()));
        set.put("reason", s(rejection.message()));
        set.put("reasonCode", s(rejection.code()));
        set.put("updatedAt", s(now));
        return toRecord(items.update(access, PREFIX + mediaId, expectedVersion, set, Set.of("processingUntil")));
    }

    @Override
    public void delete(TenantAccess access, String mediaId, long expectedVersion) {
        items.delete(access, PREFIX + mediaId, expectedVersion);
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
                item.string("processingUntil"),
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
