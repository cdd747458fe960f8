package io.tenantry.shared.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A function's context serves every invocation of its instance, millions over its life. Micronaut's default
 * {@code LambdaContextFactory} registered each invocation's Lambda {@link Context} (and its logger) as singletons of
 * that context: a bean per invocation that was never removed, and a scan of every bean definition to register it,
 * about 1 ms of each request on this machine (docs/BENCHMARKS.md, "The handler's overhead"). {@link
 * NoContextBeans} registers nothing: the context holds no invocation's {@code Context} after any number of
 * invocations, and each invocation's log lines still carry its own request id and function name.
 */
class NoContextBeansTest {
    private ApplicationContext context;

    /** Answers with the request id and function name its log lines carry (Micronaut's diagnostic MDC). */
    static final class LoggedIds extends EventHandler<Map<String, Object>, String> {
        LoggedIds(ApplicationContext context) {
            super(context);
        }

        @Override
        public String execute(Map<String, Object> event) {
            return MDC.get("AWSRequestId") + " " + MDC.get("AWSFunctionName");
        }
    }

    @BeforeEach
    void start() {
        context = ApplicationContext.run();
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void manyInvocations_leaveNoInvocationsContextInTheFunctionsContext_andEachLogsItsOwnRequestId()
            throws IOException {
        LoggedIds handler = new LoggedIds(context);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            handler.handleRequest(
                    new ByteArrayInputStream("{\"n\": 1}".getBytes(StandardCharsets.UTF_8)),
                    answer,
                    InvocationContext.of("request-" + i, "Fn"));
            answers.add(answer.toString(StandardCharsets.UTF_8));
        }
        assertEquals("\"request-0 Fn\"", answers.get(0));
        assertEquals("\"request-199 Fn\"", answers.get(199), "the last invocation logs its own id, not the first's");
        assertEquals(
                0,
                context.getBeanRegistrations(Context.class).size(),
                "invocations' Contexts left in the function's context");
        assertFalse(context.containsBean(LambdaLogger.class), "an invocation's logger was left in the context");
        assertTrue(context.containsBean(EventJson.class), "the same question finds a bean the context does hold");
    }
}
