package io.tenantry.local.backend.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * Records its input (with the request id) and fails when the input says {@code "fail": true}; otherwise answers
 * {@code {"done": <id>}}.
 */
public final class AsyncTask implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Recorded.add("AsyncTask", Map.of("input", input, "requestId", context.getAwsRequestId()));
        if (Boolean.TRUE.equals(input.get("fail"))) {
            throw new IllegalStateException("async task " + input.get("id") + " failed");
        }
        return Map.of("done", String.valueOf(input.get("id")));
    }
}
