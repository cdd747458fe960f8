package io.tenantry.shared.json;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda {@link Context} of an invocation made outside Lambda's runtime: a priming invocation before a SnapStart
 * snapshot ({@link EventHandler}), a local backend's invocation, a test's. Version {@code $LATEST}, no Cognito
 * identity or client context; the time left runs down to {@code deadlineNanos} ({@link System#nanoTime}), or never
 * with {@link #NO_DEADLINE}.
 */
public record InvocationContext(
        String getAwsRequestId,
        String getFunctionName,
        String getInvokedFunctionArn,
        String getLogGroupName,
        String getLogStreamName,
        int getMemoryLimitInMB,
        long deadlineNanos,
        LambdaLogger getLogger)
        implements Context {

    /** A deadline never reached. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** A logger that writes nowhere. */
    public static final LambdaLogger NOWHERE = new LambdaLogger() {
        @Override
        public void log(String message) {}

        @Override
        public void log(byte[] message) {}
    };

    /** An invocation of {@code function} with its own request id, 10 s from its timeout, logging nowhere. */
    public static InvocationContext of(String requestId, String function) {
        return new InvocationContext(
                requestId,
                function,
                "arn:aws:lambda:us-east-1:000000000000:function:" + function,
                "/aws/lambda/" + function,
                "local",
                1024,
                System.nanoTime() + 10_000_000_000L,
                NOWHERE);
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        if (deadlineNanos == NO_DEADLINE) {
            return Integer.MAX_VALUE;
        }
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        return (int) Math.clamp(left, 0, Integer.MAX_VALUE);
    }
}
