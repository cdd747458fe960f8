package io.tenantry.local.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostileRequestsTest {
    private static final HostileRequests.Hostile ANY = new HostileRequests.Hostile(null, null, Map.of(), Map.of());

    @Test
    void anOutageAnswer_isSentAgain_andTheRetrysAnswerCounts() {
        Deque<ApiResult> answers = new ArrayDeque<>(List.of(outage(), ok()));

        ApiResult result = HostileRequests.answer(answers::pop);

        assertEquals(200, result.status());
        assertEquals(0, answers.size());
        HostileRequests.assertAnswered("GET /v1/x", ANY, result);
    }

    @Test
    void anOutageEveryTime_fails() {
        Deque<ApiResult> answers = new ArrayDeque<>(List.of(outage(), outage(), ok()));

        ApiResult result = HostileRequests.answer(answers::pop);

        assertEquals(503, result.status());
        assertThrows(AssertionError.class, () -> HostileRequests.assertAnswered("GET /v1/x", ANY, result));
    }

    @Test
    void a500_andA503WithoutRetryAfter_areNotRetried() {
        for (ApiResult failure : List.of(problem(500, Map.of()), problem(503, Map.of()))) {
            Deque<ApiResult> answers = new ArrayDeque<>(List.of(failure, ok()));

            ApiResult result = HostileRequests.answer(answers::pop);

            assertEquals(failure.status(), result.status());
            assertThrows(AssertionError.class, () -> HostileRequests.assertAnswered("GET /v1/x", ANY, result));
        }
    }

    private static ApiResult outage() {
        return problem(503, Map.of("Retry-After", "0"));
    }

    private static ApiResult problem(int status, Map<String, String> extra) {
        String body = "{\"type\":\"https://tenantry.io/problems/x\",\"title\":\"X\",\"status\":" + status + "}";
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put("Content-Type", "application/problem+json");
        return new ApiResult(status, headers, body, body, false);
    }

    private static ApiResult ok() {
        return new ApiResult(200, Map.of("Content-Type", "application/json"), "{}", "{}", false);
    }
}
