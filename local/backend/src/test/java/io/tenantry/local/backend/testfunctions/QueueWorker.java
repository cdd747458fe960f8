package io.tenantry.local.backend.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker reporting partial batch failures: a message whose body starts with {@code fail} is reported as failed,
 * {@code throw} makes the whole invocation fail, one that starts with {@code slow} takes 20 ms; every message seen
 * is recorded (body, receive count, ARN).
 */
public final class QueueWorker implements RequestHandler<SQSEvent, SQSBatchResponse> {
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        boolean fail = false;
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            Recorded.add("QueueWorker", message);
            if (message.getBody().startsWith("slow")) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (message.getBody().startsWith("fail")) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
            if (message.getBody().equals("throw")) {
                fail = true;
            }
        }
        if (fail) {
            throw new IllegalStateException("a poison message");
        }
        return new SQSBatchResponse(failures);
    }
}
