package io.tenantry.local.backend.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Records its input and answers it back. */
public final class ScheduledTask implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Recorded.add("ScheduledTask", input);
        return Map.of("ran", true, "input", input, "remainingMs", context.getRemainingTimeInMillis());
    }
}
