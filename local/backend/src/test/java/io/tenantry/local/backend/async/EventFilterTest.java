package io.tenantry.local.backend.async;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.function.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lambda's event filtering, for the operators the template's stream mappings use; each refusal has its twin. */
class EventFilterTest {
    private static final String OUTBOX =
            "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"Keys\": {\"SK\": {\"S\": [{\"prefix\": \"OUTBOX#\"}]}}}}";

    private static JsonNode record(String eventName, String sk) throws Exception {
        return Json.parse("""
                {"eventName": "%s", "eventSource": "aws:dynamodb",
                 "dynamodb": {"Keys": {"PK": {"S": "TENANT#t1"}, "SK": {"S": "%s"}},
                              "NewImage": {"PK": {"S": "TENANT#t1"}, "SK": {"S": "%s"}, "tags": {"SS": ["a", "b"]},
                                           "attempts": {"N": "3"}}}}
                """.formatted(eventName, sk, sk));
    }

    private static boolean keeps(String pattern, JsonNode record) {
        return EventFilter.of(List.of(pattern)).keeps(record);
    }

    @Test
    void outboxPattern_keepsTheInsertOfAnOutboxItem_andNotAnotherKeyOrAnotherEvent() throws Exception {
        assertTrue(keeps(OUTBOX, record("INSERT", "OUTBOX#01")));
        assertFalse(keeps(OUTBOX, record("INSERT", "PROJECT#01")));
        assertFalse(keeps(OUTBOX, record("MODIFY", "OUTBOX#01")));
        assertFalse(keeps(OUTBOX, record("INSERT", "outbox#01")), "prefix is case-sensitive");
    }

    @Test
    void noPattern_keepsEveryRecord_andAnyOfSeveralPatternsKeepsIt() throws Exception {
        assertTrue(EventFilter.of(List.of()).keeps(record("REMOVE", "X")));
        EventFilter two = EventFilter.of(List.of(OUTBOX, "{\"eventName\": [\"REMOVE\"]}"));
        assertTrue(two.keeps(record("REMOVE", "X")));
        assertTrue(two.keeps(record("INSERT", "OUTBOX#1")));
        assertFalse(two.keeps(record("MODIFY", "X")));
    }

    @Test
    void exactValues_matchOneOfTheList_numbersByValue_andArrayFieldsByAnElement() throws Exception {
        assertTrue(keeps("{\"eventName\": [\"MODIFY\", \"INSERT\"]}", record("INSERT", "X")));
        assertFalse(keeps("{\"eventName\": [\"MODIFY\", \"REMOVE\"]}", record("INSERT", "X")));
        assertTrue(keeps("{\"dynamodb\": {\"NewImage\": {\"tags\": {\"SS\": [\"b\"]}}}}", record("INSERT", "X")));
        assertFalse(keeps("{\"dynamodb\": {\"NewImage\": {\"tags\": {\"SS\": [\"c\"]}}}}", record("INSERT", "X")));
        assertTrue(keeps("{\"n\": [3]}", Json.parse("{\"n\": 3.0}")));
        assertFalse(keeps("{\"n\": [3]}", Json.parse("{\"n\": \"3\"}")), "a string is not a number");
    }

    @Test
    void exists_tellsAPresentFieldFromAnAbsentOne() throws Exception {
        String hasOld = "{\"dynamodb\": {\"OldImage\": {\"SK\": [{\"exists\": true}]}}}";
        String noOld = "{\"dynamodb\": {\"NewImage\": {\"gone\": [{\"exists\": false}]}}}";
        assertFalse(keeps(hasOld, record("INSERT", "X")));
        assertTrue(keeps(hasOld, Json.parse("{\"dynamodb\": {\"OldImage\": {\"SK\": {\"S\": \"X\"}}}}")));
        assertTrue(keeps(noOld, record("INSERT", "X")));
        assertFalse(
                keeps("{\"dynamodb\": {\"NewImage\": {\"attempts\": [{\"exists\": false}]}}}", record("INSERT", "X")));
    }

    @Test
    void anythingBut_keepsEveryOtherValue_butNotAnAbsentField() throws Exception {
        String notRemove = "{\"eventName\": [{\"anything-but\": [\"REMOVE\"]}]}";
        assertTrue(keeps(notRemove, record("INSERT", "X")));
        assertFalse(keeps(notRemove, record("REMOVE", "X")));
        assertFalse(keeps("{\"missing\": [{\"anything-but\": [\"x\"]}]}", record("INSERT", "X")));
        assertTrue(keeps("{\"eventName\": [{\"anything-but\": \"REMOVE\"}]}", record("MODIFY", "X")));
    }

    @Test
    void anOperatorThatIsNotEmulated_isRefused_whileTheEmulatedOnesAreRead() {
        assertThrows(
                IllegalArgumentException.class,
                () -> EventFilter.of(List.of("{\"dynamodb\": {\"SizeBytes\": [{\"numeric\": [\">\", 10]}]}}")));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(List.of("{\"eventName\": \"INSERT\"}")));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(List.of("not json")));
        EventFilter.of(List.of(OUTBOX, "{\"a\": [{\"exists\": true}, {\"anything-but\": [1]}]}"));
    }
}
