package io.tenantry.shared.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The time an invocation made outside Lambda has left runs down to its deadline, never below zero. */
class InvocationContextTest {
    @Test
    void theTimeLeft_runsDownToTheDeadline_isZeroAfterIt_andNeverEndsWithoutOne() {
        InvocationContext fresh = InvocationContext.of("r-1", "Fn");
        int left = fresh.getRemainingTimeInMillis();
        assertTrue(left > 9_000 && left <= 10_000, "about 10 s left: " + left);

        InvocationContext over = new InvocationContext(
                "r-2", "Fn", null, null, null, 128, System.nanoTime() - 1_000_000_000L, InvocationContext.NOWHERE);
        assertEquals(0, over.getRemainingTimeInMillis());

        InvocationContext priming = new InvocationContext(
                "priming", "Fn", null, null, null, 0, InvocationContext.NO_DEADLINE, InvocationContext.NOWHERE);
        assertEquals(Integer.MAX_VALUE, priming.getRemainingTimeInMillis());
        assertEquals("$LATEST", priming.getFunctionVersion());
        assertEquals("r-1", fresh.getAwsRequestId());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:Fn", fresh.getInvokedFunctionArn());
    }
}
