package io.tenantry.local.backend.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.tenantry.local.function.FunctionConfig;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda {@link Context} of one local invocation: request id, function name and ARN, {@code $LATEST}, the memory
 * the template gives, the time left before the function's timeout, and a logger that writes through Logback (so
 * {@code context.getLogger()} lines land with the function's other logs).
 */
final class LocalContext implements Context {
    private final String requestId;
    private final FunctionConfig function;
    private final long deadlineNanos;
    private final LambdaLogger logger;
    private final String logStreamName;

    LocalContext(String requestId, FunctionConfig function, String logStreamName, long deadlineNanos) {
        this.requestId = requestId;
        this.function = function;
        this.deadlineNanos = deadlineNanos;
        this.logger = new Slf4jLambdaLogger(LoggerFactory.getLogger("lambda." + function.logicalId()));
        this.logStreamName = logStreamName;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return function.logGroupName();
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return function.logicalId();
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return function.arn();
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
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memoryMb();
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    private record Slf4jLambdaLogger(Logger log) implements LambdaLogger {
        @Override
        public void log(String message) {
            log.info(message == null ? "null" : message.stripTrailing());
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            String text = message == null ? "null" : message.stripTrailing();
            switch (level) {
                case TRACE -> log.trace(text);
                case DEBUG -> log.debug(text);
                case WARN -> log.warn(text);
                case ERROR, FATAL -> log.error(text);
                default -> log.info(text);
            }
        }
    }
}
