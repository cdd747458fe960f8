package io.tenantry.shared.idempotency;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.TenantItems;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The workers' idempotency, as {@link Idempotency} is the routes': an item's {@code status} moves
 * by conditional writes, so that a message SQS delivers twice, or two workers racing on one item,
 * make each change once. A worker claims the item for processing if it is in one of the states it
 * starts from (or the claim another worker took has lapsed), does its work, then completes it to
 * the final state; the loser of a race sees empty and backs off, a redelivery finds the item
 * finished. The item is one of the tenant's: the key is derived from the {@link TenantAccess} by
 * {@link TenantItems}, never from a raw id, and each change is sized for metering there.
 *
 * <pre>{@code
 * transitions.apply(access, "MEDIA#" + id, Transition.from("awaiting_upload").to("processing")
 *         .leased("processingUntil", Duration.ofMinutes(2)));   // the claim
 * transitions.apply(access, "MEDIA#" + id, Transition.from("processing").to("ready")
 *         .atVersion(claimed.version()).set("width", n(800)));  // the completion, by the claim's holder
 * }</pre>
 */
@Singleton
public final class StateTransitions {
    /** The attribute that holds an item's state. */
    public static final String STATUS = "status";

    /** Leases are stored with fixed millisecond digits, so that they compare as text in time order. */
    private static final DateTimeFormatter LEASE_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final TenantItems items;
    private final Clock clock;

    public StateTransitions(TenantItems items, Clock clock) {
        this.items = items;
        this.clock = clock;
    }

    /**
     * One change of an item's state: from one of {@code from} to {@code to}, with other attributes
     * set or removed in the same write; optionally only at the version read ({@link #atVersion}), and
     * optionally as a claim with a lease ({@link #leased}).
     */
    public record Transition(
            Set<String> from,
            String to,
            Map<String, AttributeValue> set,
            Set<String> remove,
            OptionalLong version,
            Optional<Lease> lease) {

        public Transition {
            from = Set.copyOf(from);
            set = Map.copyOf(set);
            remove = Set.copyOf(remove);
        }

        /** A change out of any of {@code states}; name the target with {@link #to}. */
        public static Transition from(String... states) {
            if (states.length == 0) {
                throw new IllegalArgumentException("A transition starts from at least one state");
            }
            return new Transition(
                    new LinkedHashSet<>(List.of(states)),
                    null,
                    Map.of(),
                    Set.of(),
                    OptionalLong.empty(),
                    Optional.empty());
        }

        public Transition to(String state) {
            return new Transition(from, state, set, remove, version, lease);
        }

        /** Also sets {@code attribute}. */
        public Transition set(String attribute, AttributeValue value) {
            Map<String, AttributeValue> more = new LinkedHashMap<>(set);
            more.put(attribute, value);
            return new Transition(from, to, more, remove, version, lease);
        }

        /** Also sets each of {@code attributes}. */
        public Transition set(Map<String, AttributeValue> attributes) {
            Map<String, AttributeValue> more = new LinkedHashMap<>(set);
            more.putAll(attributes);
            return new Transition(from, to, more, remove, version, lease);
        }

        /** Also removes {@code attributes}. */
        public Transition remove(String... attributes) {
            Set<String> more = new LinkedHashSet<>(remove);
            more.addAll(List.of(attributes));
            return new Transition(from, to, set, more, version, lease);
        }

        /** Only if the item is still at {@code expected}: the change belongs to whoever read it there. */
        public Transition atVersion(long expected) {
            return new Transition(from, to, set, remove, OptionalLong.of(expected), lease);
        }

        /**
         * A claim for processing: the item also moves if it is already in {@code to} but the claim's
         * lease in {@code attribute} lapsed (its worker died), and the lease is set to now + {@code
         * length}. Whoever completes the item removes the lease attribute.
         */
        public Transition leased(String attribute, Duration length) {
            return new Transition(from, to, set, remove, version, Optional.of(new Lease(attribute, length)));
        }
    }

    /** How long a claim holds, and the attribute that says until when. */
    public record Lease(String attribute, Duration length) {}

    /**
     * Makes {@code transition} on the tenant's item at {@code sortKey}: the item afterwards, or empty
     * when the item is gone, in another state, at another version, or held by a live claim.
     */
    public Optional<Item> apply(TenantAccess access, String sortKey, Transition transition) {
        return apply(access, sortKey, transition, List.of());
    }

    /**
     * {@link #apply}, with {@code alongside} (a count the change makes, say) in the same transaction: both land or
     * neither, so a retried transition never makes its count twice, and a transition whose answer was lost has made it
     * once.
     */
    public Optional<Item> apply(
            TenantAccess access, String sortKey, Transition transition, List<TransactWriteItem> alongside) {
        if (transition.to() == null) {
            throw new IllegalArgumentException("A transition needs a target state");
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#status", STATUS);
        StringBuilder states = new StringBuilder();
        int i = 0;
        for (String state : transition.from()) {
            states.append(states.isEmpty() ? "" : ", ").append(":from").append(i);
            values.put(":from" + i, AttributeValue.fromS(state));
            i++;
        }
        String condition = "#status IN (" + states + ")";
        Map<String, AttributeValue> changes = new LinkedHashMap<>(transition.set());
        changes.put(STATUS, AttributeValue.fromS(transition.to()));
        if (transition.lease().isPresent()) {
            Lease lease = transition.lease().get();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            names.put("#lease", lease.attribute());
            values.put(":to", AttributeValue.fromS(transition.to()));
            values.put(":now", AttributeValue.fromS(LEASE_FORMAT.format(now)));
            condition = "(" + condition + " OR (#status = :to AND (attribute_not_exists(#lease) OR #lease < :now)))";
            changes.put(lease.attribute(), AttributeValue.fromS(LEASE_FORMAT.format(now.plus(lease.length()))));
        }
        if (transition.version().isPresent()) {
            values.put(
                    ":expected",
                    AttributeValue.fromN(Long.toString(transition.version().getAsLong())));
            condition = condition + " AND #version = :expected";
        }
        return items.updateWhere(access, sortKey, condition, names, values, changes, transition.remove(), alongside);
    }

    /** Whether a lease read from an item (as {@link #apply} wrote it) has lapsed. */
    public boolean lapsed(String leaseUntil) {
        return leaseUntil == null || Instant.parse(leaseUntil).isBefore(clock.instant());
    }
}
