package io.tenantry.tenants.purge;

import io.micronaut.context.annotation.Requires;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.BatchGets;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.metering.UsageArchive;
import io.tenantry.shared.queue.UnusableMessageException;
import io.tenantry.tenants.model.Tenant;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Removes every trace of an offboarded tenant, in batches, resumably and idempotently:
 *
 * <ol>
 *   <li>starts the deletion receipt ({@code DELETION#<tenantId>}), which from then on keeps the
 *       tenant's old tokens from opening a new rate bucket;
 *   <li>archives the tenant's metered usage next to the receipt (day totals, for finance), once;
 *   <li>deletes the tenant's partition (projects, members, invoices, media records, idempotency
 *       records, …) with each member's membership link in the user key space, its rate bucket and
 *       usage shards, and its entries in the usage day index: batches of at most 40 items, each one
 *       transaction that also counts them up on the receipt, so the counts are exact;
 *   <li>deletes every object under {@code tenants/<tenantId>/} in every configured bucket;
 *   <li>deletes the tenant record last, completes the receipt, and queues a delayed sweep: the same
 *       deletions once more, for anything a request admitted just before the closure wrote later.
 * </ol>
 *
 * Redelivered or resumed, each step finds only what is left. A replay after completion does
 * nothing. An invocation that runs out of its time budget queues the rest as a new message.
 *
 * <p>Only the purge worker's artifact carries S3 (the Makefile's {@code WITHOUT_*} lists,
 * docs/artifacts.md), so the bean exists only where the client does.
 */
@Singleton
@Requires(classes = S3Client.class)
public class TenantPurger {
    private static final Logger LOG = LoggerFactory.getLogger(TenantPurger.class);
    private static final int ITEMS_PER_BATCH = 40;
    private static final String ARCHIVE_PREFIX = "USAGE#";

    private final DynamoDbClient dynamoDb;
    private final TableSettings table;
    private final TenantItems items;
    private final UserDirectory directory;
    private final S3Client s3;
    private final UsageArchive archive;
    private final DeletionReceipts receipts;
    private final PurgeQueue queue;
    private final PurgeSettings settings;
    private final Clock clock;

    public TenantPurger(
            DynamoDbClient dynamoDb,
            TableSettings table,
            TenantItems items,
            UserDirectory directory,
            S3Client s3,
            UsageArchive archive,
            DeletionReceipts receipts,
            PurgeQueue queue,
            PurgeSettings settings,
            Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.items = items;
        this.directory = directory;
        this.s3 = s3;
        this.archive = archive;
        this.receipts = receipts;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
    }

    /** What one message achieved. */
    public enum Outcome {
        PURGED,
        SWEPT,
        /** A replay of a finished pass: nothing was done. */
        ALREADY_DONE,
        /** The tenant is active (its deletion was undone): nothing was done. */
        NOT_DELETING,
        /** The time budget ran out; a new message carries on. */
        CONTINUED
    }

    private static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super("The purge's time budget ran out", null, false, false);
        }
    }

    /**
     * Carries out one purge message. Throws {@link UnusableMessageException} for one that can never
     * succeed (no tenant id, or a tenant that neither exists nor was purged).
     */
    public Outcome purge(PurgeMessage message) {
        if (message == null || message.tenantId() == null) {
            throw new UnusableMessageException("The message names no tenant.");
        }
        TenantAccess access;
        try {
            access = SystemAccess.forWorker(message.tenantId());
        } catch (IllegalArgumentException e) {
            throw new UnusableMessageException("The message's tenant id is not a tenant id.");
        }
        long deadline = System.nanoTime() + settings.budget().toNanos();
        try {
            return message.sweep() ? sweep(access, deadline) : firstPass(access, deadline);
        } catch (OutOfTime e) {
            queue.send(access, message.sweep(), 0);
            LOG.atInfo().addKeyValue("tenantId", access.tenantId()).log("Purge continues in a new message");
            return Outcome.CONTINUED;
        }
    }

    private Outcome firstPass(TenantAccess access, long deadline) {
        String tenantId = access.tenantId();
        Optional<DeletionReceipts.Receipt> receipt = receipts.find(tenantId);
        if (receipt.isPresent() && DeletionReceipts.PURGED.equals(receipt.get().state())) {
            LOG.atInfo().addKeyValue("tenantId", tenantId).log("Tenant already purged; nothing to do");
            return Outcome.ALREADY_DONE;
        }
        if (receipt.isEmpty()) {
            Optional<Item> record = items.get(access, Keys.TENANT_RECORD);
            if (record.isEmpty()) {
                throw new UnusableMessageException("There is no such tenant, and no purge of it.");
            }
            if (!Tenant.DELETING.equals(record.get().string("status"))) {
                LOG.atWarn()
                        .addKeyValue("tenantId", tenantId)
                        .log("Purge of a tenant that is not being deleted; nothing done");
                return Outcome.NOT_DELETING;
            }
            String requestedAt =
                    Optional.ofNullable(record.get().string("deletedAt")).orElse(now());
            receipts.start(tenantId, requestedAt, record.get().string("deletionRequestedBy"), now());
            receipt = receipts.find(tenantId);
        }
        DeletionReceipts.Receipt started = receipt.orElseThrow();
        if (!started.usageArchived()) {
            int days = archive.archive(access, Instant.parse(started.requestedAt()));
            receipts.usageArchived(tenantId, days);
        }
        removeEverything(access, deadline);
        receipts.complete(tenantId, now());
        if (settings.sweepDelaySeconds() > 0) {
            queue.send(access, true, settings.sweepDelaySeconds());
        }
        LOG.atInfo().addKeyValue("tenantId", tenantId).log("Tenant purged");
        return Outcome.PURGED;
    }

    private Outcome sweep(TenantAccess access, long deadline) {
        DeletionReceipts.Receipt receipt = receipts.find(access.tenantId())
                .orElseThrow(() -> new UnusableMessageException("A sweep of a tenant that was never purged."));
        if (receipt.sweptAt() != null) {
            return Outcome.ALREADY_DONE;
        }
        removeEverything(access, deadline);
        receipts.swept(access.tenantId(), now());
        return Outcome.SWEPT;
    }

    private void removeEverything(TenantAccess access, long deadline) {
        String tenantId = access.tenantId();
        deletePartition(access, Keys.partitionOf(access), deadline);
        for (String partition : Keys.satellitePartitionsOf(access)) {
            deletePartition(access, partition, deadline);
        }
        deleteDayIndexEntries(access, deadline);
        for (String bucket : settings.buckets()) {
            deleteObjects(tenantId, bucket, deadline);
        }
        if (items.get(access, Keys.TENANT_RECORD).isPresent()) {
            deleteBatch(
                    access,
                    List.of(Map.of(
                            Keys.PK, AttributeValue.fromS(Keys.partitionOf(access)),
                            Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD))));
        }
    }

    /** Every item of a partition, a batch at a time; the tenant record is left for last. */
    private void deletePartition(TenantAccess access, String partition, long deadline) {
        Map<String, AttributeValue> start = null;
        do {
            checkTime(deadline);
            Map<String, AttributeValue> exclusiveStart = start;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table.name())
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition)))
                    .projectionExpression("PK, SK")
                    .consistentRead(true)
                    .exclusiveStartKey(exclusiveStart)
                    .limit(ITEMS_PER_BATCH));
            List<Map<String, AttributeValue>> keys = page.items().stream()
                    .filter(k -> !(partition.equals(Keys.partitionOf(access))
                            && Keys.TENANT_RECORD.equals(k.get(Keys.SK).s())))
                    .toList();
            if (!keys.isEmpty()) {
                deleteBatch(access, keys);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** The tenant's entries in the usage day index, one per day its usage was archived for. */
    private void deleteDayIndexEntries(TenantAccess access, long deadline) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(Keys.deletionPartitionOf(access.tenantId())),
                            ":prefix", AttributeValue.fromS(ARCHIVE_PREFIX)))
                    .consistentRead(true)
                    .exclusiveStartKey(exclusiveStart));
            for (var item : page.items()) {
                LocalDate day = LocalDate.parse(new Item(item).string("date"));
                keys.add(Map.of(
                        Keys.PK, AttributeValue.fromS(Keys.usageDayIndexOf(day, access.tenantId())),
                        Keys.SK, AttributeValue.fromS(access.tenantId())));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        for (int from = 0; from < keys.size(); from += ITEMS_PER_BATCH) {
            checkTime(deadline);
            List<Map<String, AttributeValue>> present =
                    existing(keys.subList(from, Math.min(keys.size(), from + ITEMS_PER_BATCH)));
            if (!present.isEmpty()) {
                deleteBatch(access, present);
            }
        }
    }

    /** Those of the keys whose items exist (so that the receipt counts only what was there). */
    private List<Map<String, AttributeValue>> existing(List<Map<String, AttributeValue>> keys) {
        return new BatchGets(dynamoDb, table.name(), 25).read(keys, b -> b.projectionExpression("PK, SK"));
    }

    /**
     * Deletes the items (and, for members, their membership links) in one transaction that also
     * counts them up on the receipt.
     */
    private void deleteBatch(TenantAccess access, List<Map<String, AttributeValue>> keys) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, Long> byKind = new LinkedHashMap<>();
        long links = 0;
        for (Map<String, AttributeValue> key : keys) {
            writes.add(TransactWriteItem.builder()
                    .delete(Delete.builder()
                            .tableName(table.name())
                            .key(Map.of(Keys.PK, key.get(Keys.PK), Keys.SK, key.get(Keys.SK)))
                            .build())
                    .build());
            String sortKey = key.get(Keys.SK).s();
            byKind.merge(kind(access, key.get(Keys.PK).s(), sortKey), 1L, Long::sum);
            if (key.get(Keys.PK).s().equals(Keys.partitionOf(access))
                    && sortKey.startsWith(UserDirectory.MEMBER_PREFIX)) {
                writes.add(directory.membershipDelete(access, sortKey.substring(UserDirectory.MEMBER_PREFIX.length())));
                links++;
            }
        }
        writes.add(receipts.countItems(access.tenantId(), byKind, links));
        dynamoDb.transactWriteItems(b -> b.transactItems(writes));
    }

    /** What kind of item a key names, for the receipt: its sort key's type, or its partition's role. */
    private static String kind(TenantAccess access, String partition, String sortKey) {
        if (partition.equals(Keys.rateBucketOf(access))) {
            return "RATE_BUCKET";
        }
        if (partition.startsWith(Keys.partitionOf(access) + "#USAGE#")) {
            return "USAGE_DAY";
        }
        if (partition.startsWith("USAGEDAY#")) {
            return "USAGE_INDEX_ENTRY";
        }
        int hash = sortKey.indexOf('#');
        return hash < 0 ? sortKey : sortKey.substring(0, hash);
    }

    /** Every object under the tenant's prefix in one bucket, up to 1000 per request. */
    private void deleteObjects(String tenantId, String bucket, long deadline) {
        String prefix = "tenants/" + tenantId + "/";
        while (true) {
            checkTime(deadline);
            ListObjectsV2Response listing =
                    s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000));
            List<S3Object> objects = listing.contents();
            if (objects.isEmpty()) {
                return;
            }
            List<ObjectIdentifier> identifiers = objects.stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                    .toList();
            var response = s3.deleteObjects(
                    b -> b.bucket(bucket).delete(d -> d.objects(identifiers).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw new IllegalStateException("Deleting objects of " + tenantId + " in " + bucket + " failed: "
                        + response.errors().getFirst().code());
            }
            long bytes = objects.stream()
                    .mapToLong(o -> o.size() == null ? 0 : o.size())
                    .sum();
            receipts.countObjects(tenantId, bucket, objects.size(), bytes);
        }
    }

    private static void checkTime(long deadline) {
        if (System.nanoTime() > deadline) {
            throw new OutOfTime();
        }
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
