package io.tenantry.local.backend.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Always fails, with a message the caller of an HTTP route must never see. */
public final class ThrowingHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public static final String SECRET_MESSAGE = "internal detail: db password is hunter2";

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        throw new IllegalStateException(SECRET_MESSAGE);
    }
}
