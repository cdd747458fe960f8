package io.tenantry.shared.http;

import java.util.Map;

/** Header look-ups that ignore case, as HTTP requires (API Gateway lower-cases names; tests may not). */
public final class Headers {
    private Headers() {}

    public static String get(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
