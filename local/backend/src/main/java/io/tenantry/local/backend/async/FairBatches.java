package io.tenantry.local.backend.async;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * SQS fair queues, which ElasticMQ does not implement: on a standard queue whose messages carry a {@code
 * MessageGroupId} (the tenant, here), SQS hands out the messages of a group with a backlog after the other groups',
 * so one tenant's flood does not hold up another tenant's message. The poller keeps the messages it received here
 * and takes each batch from them one group at a time in turn, starting after the group that led the last batch,
 * oldest first within a group. A quiet tenant's message therefore leaves in the next batch, however many the busy
 * tenant has waiting. Messages without a group share one turn. A message that waits here is <em>parked</em>: the
 * poller makes it invisible for longer than the queue's visibility timeout, so that it neither comes back nor
 * counts another receive while it waits, and gives it the queue's timeout again when it leaves in a batch. Not
 * thread-safe: one poller thread owns it.
 */
final class FairBatches {
    /** The turn of the messages that carry no group. */
    static final String NO_GROUP = "";

    private final Map<String, Deque<Held>> byGroup = new LinkedHashMap<>();
    private int size;

    /** A message held, and when it was last parked ({@link #NOT_PARKED} if never). */
    private record Held(Message message, long parkedAtNanos) {}

    private static final long NOT_PARKED = Long.MIN_VALUE;

    /** A batch: its messages, and those of them that were parked (their visibility is to be set back). */
    record Batch(List<Message> messages, List<Message> parked) {}

    static String groupOf(Message message) {
        String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
        return group == null ? NO_GROUP : group;
    }

    /** Keeps {@code received}, each behind the earlier ones of its group. */
    void add(List<Message> received) {
        for (Message message : received) {
            byGroup.computeIfAbsent(groupOf(message), g -> new ArrayDeque<>()).addLast(new Held(message, NOT_PARKED));
            size++;
        }
    }

    int size() {
        return size;
    }

    /**
     * Up to {@code max} messages, one from each group in turn; the group that gave the first message goes to the back
     * of the order, so the next batch starts with the group after it.
     */
    Batch next(int max) {
        List<Message> batch = new ArrayList<>();
        List<Message> parked = new ArrayList<>();
        List<String> order = new ArrayList<>(byGroup.keySet());
        while (batch.size() < max && size > 0) {
            for (String group : order) {
                Deque<Held> waiting = byGroup.get(group);
                if (waiting == null || waiting.isEmpty() || batch.size() >= max) {
                    continue;
                }
                Held held = waiting.removeFirst();
                batch.add(held.message());
                if (held.parkedAtNanos() != NOT_PARKED) {
                    parked.add(held.message());
                }
                size--;
            }
        }
        if (!order.isEmpty()) {
            Deque<Held> first = byGroup.remove(order.getFirst());
            if (first != null && !first.isEmpty()) {
                byGroup.put(order.getFirst(), first);
            }
        }
        byGroup.values().removeIf(Deque::isEmpty);
        return new Batch(batch, parked);
    }

    /**
     * The held messages to park now for {@code park}: those never parked, and those parked more than half of it ago.
     * They count as parked from now.
     */
    List<Message> toPark(Duration park) {
        long now = System.nanoTime();
        long half = park.toNanos() / 2;
        List<Message> due = new ArrayList<>();
        for (Deque<Held> waiting : byGroup.values()) {
            int n = waiting.size();
            for (int i = 0; i < n; i++) {
                Held held = waiting.removeFirst();
                if (held.parkedAtNanos() == NOT_PARKED || now - held.parkedAtNanos() >= half) {
                    due.add(held.message());
                    held = new Held(held.message(), now);
                }
                waiting.addLast(held);
            }
        }
        return due;
    }

    /** Every message still held, emptying it. */
    List<Message> drain() {
        List<Message> all = new ArrayList<>();
        byGroup.values().forEach(waiting -> waiting.forEach(h -> all.add(h.message())));
        byGroup.clear();
        size = 0;
        return all;
    }
}
