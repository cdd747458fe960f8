package io.tenantry.shared.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class QueueHandlerTest {
    static ApplicationContext context;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run(Map.of("tenantry.metering.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    /** Fails the messages whose body says so, in every way a message can fail. */
    static final class Worker extends QueueHandler {
        final List<String> handled = new ArrayList<>();
        final List<String> contexts = new ArrayList<>();

        Worker(ApplicationContext context) {
            super(context);
        }

        @Override
        protected void handleMessage(SQSEvent.SQSMessage message) throws Exception {
            contexts.add(MDC.get("messageId"));
            switch (message.getBody()) {
                case "runtime" -> throw new IllegalStateException("poison");
                case "checked" -> throw new java.io.IOException("poison");
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                default -> handled.add(message.getBody());
            }
        }
    }

    static SQSEvent batch(String... bodies) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("m" + i);
            message.setBody(bodies[i]);
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    @Test
    void failedMessages_areReportedAlone_andTheirNeighboursAreHandled() {
        Worker worker = new Worker(context);
        SQSBatchResponse response = worker.handleRequest(batch("a", "runtime", "b", "checked", "oom", "c"), null);

        List<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
        assertEquals(List.of("m1", "m3", "m4"), failed);
        assertEquals(List.of("a", "b", "c"), worker.handled);
    }

    @Test
    void eachMessage_isHandledWithItsIdInTheLoggingContext_clearedAfterwards() {
        Worker worker = new Worker(context);
        worker.handleRequest(batch("a", "runtime", "b"), null);
        assertEquals(List.of("m0", "m1", "m2"), worker.contexts);
        assertEquals(null, MDC.get("messageId"));
    }

    @Test
    void anEmptyOrMissingBatch_reportsNoFailure() {
        Worker worker = new Worker(context);
        assertEquals(List.of(), worker.handleRequest(new SQSEvent(), null).getBatchItemFailures());
        assertEquals(List.of(), worker.handleRequest(batch(), null).getBatchItemFailures());
    }
}
