package io.tenantry.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tenantry.shared.id.Ids;

/** The id of a request: the caller's {@code X-Request-Id} when it is sane, else API Gateway's, else new. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final int MAX_LENGTH = 128;

    private RequestIds() {}

    public static String of(APIGatewayV2HTTPEvent event) {
        String supplied = Headers.get(event.getHeaders(), HEADER);
        if (isSafe(supplied)) {
            return supplied;
        }
        var context = event.getRequestContext();
        if (context != null && isSafe(context.getRequestId())) {
            return context.getRequestId();
        }
        return Ids.requestId();
    }

    /** Printable ASCII without spaces, 1 to 128 characters: safe to echo in a header and a log. */
    static boolean isSafe(String value) {
        return value != null
                && !value.isEmpty()
                && value.length() <= MAX_LENGTH
                && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
