package io.tenantry.local.backend.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

/** Records the bodies (S3 notifications) of the messages it receives. */
public final class UploadsWorker implements RequestHandler<SQSEvent, Void> {
    @Override
    public Void handleRequest(SQSEvent event, Context context) {
        event.getRecords().forEach(m -> Recorded.add("UploadsWorker", m.getBody()));
        return null;
    }
}
