package io.tenantry.local.backend.http;

import java.util.List;
import java.util.Map;

/**
 * A request as the local gateway received it: method, path and query as sent (percent-encoded), headers with names in
 * lower case (repeats joined with commas), the cookies of its {@code Cookie} headers, body, and the caller's address.
 */
public record GatewayRequest(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, String> headers,
        List<String> cookies,
        byte[] body,
        String sourceIp,
        String protocol) {

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
