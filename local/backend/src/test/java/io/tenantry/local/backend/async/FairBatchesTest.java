package io.tenantry.local.backend.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Batches one message group in turn, as an SQS fair queue hands messages out; parks what waits. */
class FairBatchesTest {
    static List<Message> messages(String group, int count) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message.Builder message = Message.builder().messageId(group + i).receiptHandle("r-" + group + i);
            if (group != null) {
                message.attributes(Map.of(MessageSystemAttributeName.MESSAGE_GROUP_ID, group));
            }
            out.add(message.build());
        }
        return out;
    }

    static List<String> ids(List<Message> messages) {
        return messages.stream().map(Message::messageId).toList();
    }

    @Test
    void aQuietGroupsMessage_leavesInTheFirstBatch_behindNoneOfTheBusyGroupsBacklog_whoseOrderIsKept() {
        FairBatches held = new FairBatches();
        held.add(messages("A", 30));
        held.add(messages("B", 1));

        List<String> first = ids(held.next(10).messages());

        assertEquals(List.of("A0", "B0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"), first);
        assertEquals(21, held.size());
        assertEquals("A9", ids(held.next(1).messages()).getFirst(), "the busy group's own order is kept");
    }

    @Test
    void everyGroupGetsOneBeforeAnyGetsTwo_andTheLeadPassesOn() {
        FairBatches held = new FairBatches();
        held.add(messages("A", 5));
        held.add(messages("B", 5));
        held.add(messages("C", 1));

        assertEquals(List.of("A0", "B0", "C0", "A1", "B1"), ids(held.next(5).messages()));
        assertEquals(List.of("B2", "A2", "B3", "A3"), ids(held.next(4).messages()), "B leads after A led");
    }

    @Test
    void messagesWithoutAGroup_shareOneTurn() {
        FairBatches held = new FairBatches();
        held.add(messages(null, 3));
        held.add(messages("A", 3));

        assertEquals(List.of("null0", "A0", "null1", "A1"), ids(held.next(4).messages()));
    }

    @Test
    void whatWaitsIsParkedOnce_untilHalfThePark_andParkedMessagesAreNamedWhenTheyLeave() {
        FairBatches held = new FairBatches();
        held.add(messages("A", 4));
        FairBatches.Batch first = held.next(2);
        assertEquals(List.of(), first.parked(), "messages taken as they arrive were never parked");

        assertEquals(List.of("A2", "A3"), ids(held.toPark(Duration.ofMinutes(5))));
        assertEquals(List.of(), held.toPark(Duration.ofMinutes(5)), "parked just now: not again yet");
        assertEquals(List.of("A2", "A3"), ids(held.toPark(Duration.ZERO)), "past half of the park: again");

        FairBatches.Batch second = held.next(2);
        assertEquals(List.of("A2", "A3"), ids(second.messages()));
        assertEquals(List.of("A2", "A3"), ids(second.parked()));
        assertTrue(held.drain().isEmpty());
    }
}
