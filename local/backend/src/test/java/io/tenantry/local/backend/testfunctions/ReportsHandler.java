package io.tenantry.local.backend.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;

/** Invoked by S3 directly (an S3 event of the function): records the keys. */
public final class ReportsHandler implements RequestHandler<S3Event, String> {
    @Override
    public String handleRequest(S3Event event, Context context) {
        event.getRecords()
                .forEach(r ->
                        Recorded.add("ReportsHandler", r.getS3().getObject().getKey()));
        return "ok";
    }
}
