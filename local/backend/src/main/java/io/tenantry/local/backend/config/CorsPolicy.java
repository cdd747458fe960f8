package io.tenantry.local.backend.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An HTTP API's {@code CorsConfiguration}, applied as API Gateway applies it: preflight {@code OPTIONS} requests are
 * answered by the gateway itself, and responses to allowed origins carry {@code Access-Control-Allow-Origin} and
 * {@code Access-Control-Expose-Headers} (whatever CORS headers the function set are replaced).
 */
public record CorsPolicy(
        List<String> allowOrigins,
        List<String> allowHeaders,
        List<String> allowMethods,
        List<String> exposeHeaders,
        Integer maxAge,
        boolean allowCredentials) {

    public CorsPolicy {
        allowOrigins = List.copyOf(allowOrigins);
        allowHeaders = List.copyOf(allowHeaders);
        allowMethods = List.copyOf(allowMethods);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    /** {@code CorsConfiguration: true}: every origin, header and method. */
    public static CorsPolicy allowAll() {
        return new CorsPolicy(List.of("*"), List.of("*"), List.of("*"), List.of(), null, false);
    }

    public boolean allowsOrigin(String origin) {
        return origin != null && (allowOrigins.contains("*") || allowOrigins.contains(origin));
    }

    public boolean allowsMethod(String method) {
        return allowMethods.contains("*") || allowMethods.stream().anyMatch(m -> m.equalsIgnoreCase(method));
    }

    /** True when every header of an {@code Access-Control-Request-Headers} list is allowed. */
    public boolean allowsHeaders(String requestHeaders) {
        if (requestHeaders == null || requestHeaders.isBlank() || allowHeaders.contains("*")) {
            return true;
        }
        Set<String> allowed =
                allowHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        for (String header : requestHeaders.split(",")) {
            String name = header.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !allowed.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code Access-Control-Allow-Origin} for an allowed origin. */
    public String allowOriginValue(String origin) {
        return allowOrigins.contains("*") && !allowCredentials ? "*" : origin;
    }

    /** The headers of a preflight answer to an allowed origin, method and headers. */
    public Map<String, String> preflightHeaders(String origin, String requestHeaders) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", allowOriginValue(origin));
        headers.put("Access-Control-Allow-Methods", String.join(",", allowMethods));
        if (!allowHeaders.isEmpty()) {
            headers.put(
                    "Access-Control-Allow-Headers",
                    allowHeaders.contains("*") && requestHeaders != null
                            ? requestHeaders
                            : String.join(",", allowHeaders));
        }
        if (maxAge != null) {
            headers.put("Access-Control-Max-Age", maxAge.toString());
        }
        if (allowCredentials) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        headers.put("Vary", "Origin");
        return headers;
    }

    /** The headers added to an ordinary response for an allowed origin. */
    public Map<String, String> responseHeaders(String origin) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", allowOriginValue(origin));
        if (!exposeHeaders.isEmpty()) {
            headers.put("Access-Control-Expose-Headers", String.join(",", exposeHeaders));
        }
        if (allowCredentials) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        headers.put("Vary", "Origin");
        return headers;
    }
}
