package io.tenantry.shared.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code If-None-Match} on a read (RFC 9110 §13.1.2): a {@code GET} that its handler answered 200 with an {@code ETag}
 * becomes a 304 with no body when the client names that tag (or {@code *}), so it keeps the copy it holds. Applied by
 * {@link ApiRuntime} after the handler answered, so every route that sets an {@code ETag} honours it and no handler
 * knows. Errors, writes, and answers without an {@code ETag} are left as they are; so is an answer marked {@code
 * Cache-Control: no-store}, which told the client to keep no copy that a 304 could point it back to.
 */
final class ConditionalGet {
    private ConditionalGet() {}

    /** {@code response}, or the 304 that replaces it when the request's {@code If-None-Match} matches its tag. */
    static ApiResponse apply(ApiRequest request, ApiResponse response) {
        if (response.status() != 200 || !isRead(request.method())) {
            return response;
        }
        String etag = Headers.get(response.headers(), "ETag");
        String ifNoneMatch = request.header("if-none-match").orElse(null);
        if (etag == null || ifNoneMatch == null || noStore(Headers.get(response.headers(), "Cache-Control"))) {
            return response;
        }
        return matches(ifNoneMatch, etag) ? ApiResponse.notModified(keptHeaders(response.headers())) : response;
    }

    /**
     * True when an {@code If-None-Match} value names {@code etag}: {@code *}, or a comma-separated list of entity tags
     * one of which equals it by the weak comparison (RFC 9110 §8.8.3.2: {@code W/"3"} matches {@code "3"}). A value
     * that is not a well-formed list matches nothing: the full answer is never wrong.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        String current = opaqueTag(etag.strip());
        if (current == null) {
            return false;
        }
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        List<String> tags = opaqueTags(ifNoneMatch);
        return tags != null && tags.contains(current);
    }

    /** The quoted part of each tag of a list ({@code W/} dropped), or null when the list is malformed. */
    private static List<String> opaqueTags(String list) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = list.length();
        while (i < n) {
            char c = list.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int open = list.startsWith("W/", i) ? i + 2 : i;
            // The opaque tag is "..." without a quote inside (a comma is allowed in it).
            int close = open < n && list.charAt(open) == '"' ? list.indexOf('"', open + 1) : -1;
            if (close < 0) {
                return null;
            }
            tags.add(list.substring(open, close + 1));
            i = close + 1;
            while (i < n && (list.charAt(i) == ' ' || list.charAt(i) == '\t')) {
                i++;
            }
            if (i < n && list.charAt(i) != ',') {
                return null;
            }
        }
        return tags;
    }

    private static String opaqueTag(String etag) {
        String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
        return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"") ? tag : null;
    }

    private static boolean isRead(String method) {
        return "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method);
    }

    private static boolean noStore(String cacheControl) {
        if (cacheControl == null) {
            return false;
        }
        for (String directive : cacheControl.split(",")) {
            if (directive.strip().toLowerCase(Locale.ROOT).equals("no-store")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the 304 keeps of the 200: everything but the content's own metadata ({@code Content-Type}, {@code
     * Content-Length}, {@code Content-Encoding}, …), so {@code ETag}, {@code Cache-Control}, {@code Vary} and the rest
     * stay as RFC 9110 §15.4.5 asks. {@code Content-Location} names the resource, not the content, and stays too.
     */
    private static Map<String, String> keptHeaders(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("content-") || lower.equals("content-location")) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
