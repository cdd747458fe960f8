package io.tenantry.local.backend.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * A local invocation's {@code context.getLogger()}: its lines go through Logback, so they land with the function's
 * other logs, at their level.
 */
record Slf4jLambdaLogger(Logger log) implements LambdaLogger {
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
