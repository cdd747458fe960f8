package io.tenantry.shared.data;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.aws.AwsOutages;
import io.tenantry.shared.metering.UsageMeter;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Items that a plan's quota counts (projects, media): each creation and deletion writes the item and
 * the count on the tenant record ({@link Keys#PROJECT_COUNT}, {@link Keys#MEDIA_COUNT}) in one
 * transaction, whose condition keeps the count under the quota, so a create past it writes nothing.
 * Transactions of one tenant that race on its record are tried again, a few times.
 */
@Singleton
public final class CountedItems {
    static final int ATTEMPTS = 6;
    private static final String UNDER_QUOTA =
            "attribute_exists(PK) AND (attribute_not_exists(#count) OR #count < :quota)";

    private final TenantItems items;
    private final UsageMeter meter;

    public CountedItems(TenantItems items, UsageMeter meter) {
        this.items = items;
        this.meter = meter;
    }

    /** What a counted creation did. */
    public enum Outcome {
        CREATED,
        KEY_TAKEN,
        QUOTA_REACHED
    }

    /** Creates the item at version 1, and counts it, if the tenant has fewer than {@code quota} of them. */
    public Outcome create(
            TenantAccess access, String sortKey, Map<String, AttributeValue> attributes, String counter, long quota) {
        return create(
                access,
                List.of(
                        items.createInTransaction(access, sortKey, attributes),
                        items.updateInTransaction(
                                access,
                                Keys.TENANT_RECORD,
                                "ADD #count :one",
                                UNDER_QUOTA,
                                Map.of("#count", counter),
                                Map.of(":one", number(1), ":quota", number(quota)))));
    }

    /**
     * Creates the item at version 1 if the tenant has fewer than {@code quota} counted ones, without
     * counting it: for items that count only once they are sure to stay (a media upload, once its
     * bytes arrive: an abandoned one expires by TTL, which no count would see). {@link #countInTransaction} counts
     * it then.
     */
    public Outcome createUncounted(
            TenantAccess access, String sortKey, Map<String, AttributeValue> attributes, String counter, long quota) {
        return create(
                access,
                List.of(
                        items.createInTransaction(access, sortKey, attributes),
                        items.checkInTransaction(
                                access,
                                Keys.TENANT_RECORD,
                                UNDER_QUOTA,
                                Map.of("#count", counter),
                                Map.of(":quota", number(quota)))));
    }

    /**
     * Adding {@code delta} to the tenant's count, as one write of a transaction (the change the count goes with is
     * another): made once with it, however often the transaction is retried. The tenant's record must exist.
     */
    public TransactWriteItem countInTransaction(TenantAccess access, String counter, int delta) {
        return items.updateInTransaction(
                access,
                Keys.TENANT_RECORD,
                "ADD #count :delta",
                "attribute_exists(PK)",
                Map.of("#count", counter),
                Map.of(":delta", number(delta)));
    }

    private Outcome create(TenantAccess access, List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                items.transact(
                        access,
                        writes,
                        e -> failed(e, 0)
                                && ownLandedCreate(e, writes.getFirst().put().item()));
                return created(access, writes);
            } catch (TransactionCanceledException e) {
                if (failed(e, 0)) {
                    return ownLandedCreate(e, writes.getFirst().put().item())
                            ? created(access, writes)
                            : Outcome.KEY_TAKEN;
                }
                if (failed(e, 1)) {
                    return Outcome.QUOTA_REACHED;
                }
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            } catch (SdkException e) {
                if (AwsOutages.isOutage(e)
                        && landed(access, writes.getFirst().put().item())) {
                    return created(access, writes);
                }
                throw e;
            }
        }
    }

    /**
     * After every answer of the SDK's attempts was lost (or refused), whether the create landed all the same: the item
     * at the key is exactly the one written (ids are random, so no other writer writes it), read strongly consistent.
     * Without this, the request would answer 503, its Idempotency-Key would be released, and the client's retry would
     * create a second item. A read that fails too leaves the outage to answer.
     */
    private boolean landed(TenantAccess access, Map<String, AttributeValue> written) {
        try {
            return items.get(access, written.get(Keys.SK).s())
                    .map(item -> item.attributes().equals(written))
                    .orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Deletes the item if it is at {@code expectedVersion}; {@link StaleVersionException} otherwise. */
    public void delete(TenantAccess access, String sortKey, long expectedVersion, String counter) {
        long storedBytes = items.get(access, sortKey)
                .map(i -> ItemSizes.of(i.attributes()))
                .orElse(0L);
        List<TransactWriteItem> writes = List.of(
                items.deleteInTransaction(
                        access,
                        sortKey,
                        "attribute_exists(PK) AND #version = :expected",
                        Map.of("#version", Item.VERSION),
                        Map.of(":expected", number(expectedVersion))),
                items.updateInTransaction(
                        access,
                        Keys.TENANT_RECORD,
                        "ADD #count :minus",
                        "attribute_exists(PK)",
                        Map.of("#count", counter),
                        Map.of(":minus", number(-1))));
        for (int attempt = 1; ; attempt++) {
            try {
                items.transact(access, writes);
                meter.stored(access, -storedBytes);
                return;
            } catch (TransactionCanceledException e) {
                if (failed(e, 0) || failed(e, 1)) {
                    throw new StaleVersionException("The item is no longer at version " + expectedVersion + ".");
                }
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private Outcome created(TenantAccess access, List<TransactWriteItem> writes) {
        meter.stored(access, ItemSizes.of(writes.getFirst().put().item()));
        return Outcome.CREATED;
    }

    /**
     * Whether the item that took the key is exactly the one this call writes: then it is this call's own
     * create, which landed while its answer was lost and the SDK's retry of it reached the service while the first
     * attempt was still being applied (a token repeated after the first completed is answered as a success by the
     * service itself). Ids are random, so another writer never writes the same item.
     */
    private static boolean ownLandedCreate(TransactionCanceledException e, Map<String, AttributeValue> written) {
        CancellationReason reason = e.cancellationReasons().getFirst();
        return reason.hasItem() && reason.item().equals(written);
    }

    private static boolean failed(TransactionCanceledException e, int index) {
        return TenantItems.failed(e, index);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandomHolder.jitter(10L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying a transaction", e);
        }
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Full jitter, drawn at call time (never during initialisation, so no snapshot shares it). */
    private static final class ThreadLocalRandomHolder {
        static long jitter(long bound) {
            return java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1);
        }
    }
}
