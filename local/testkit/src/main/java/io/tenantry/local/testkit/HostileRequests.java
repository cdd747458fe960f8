package io.tenantry.local.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated requests a careless or hostile client might send: bodies that are JSON of every shape
 * with the routes' own field names given wrong types and sizes, non-JSON, odd content types, and
 * junk in the query parameters and headers the API reads. For property tests: whatever comes in, a
 * route must answer below 500, and with problem+json when it refuses.
 */
public final class HostileRequests {
    private static final List<String> FIELDS =
            List.of("name", "plan", "description", "email", "role", "period", "fileName", "contentType", "sizeBytes");

    private static final Logger LOG = Logger.getLogger(HostileRequests.class.getName());

    private HostileRequests() {}

    /** What to add to a base event: a body, a content type, query parameters and headers. */
    public record Hostile(String body, String contentType, Map<String, String> query, Map<String, String> headers) {
        public ApiEvent applyTo(ApiEvent event) {
            if (body != null) {
                event.json(body);
            }
            if (contentType != null) {
                event.header("content-type", contentType);
            }
            query.forEach(event::query);
            headers.forEach(event::header);
            return event;
        }
    }

    /**
     * Sends a hostile request and returns its answer, after at most one retry of an outage answer: a 503 with
     * {@code Retry-After} in problem+json says the emulators behind the handler did not answer within the call's
     * budget (a loaded machine), which is about the moment, not the input, so the request is sent again after the
     * delay, as a client would. An input that makes the handler answer 503 every time still fails {@link
     * #assertAnswered}.
     */
    public static ApiResult answer(Supplier<ApiResult> call) {
        ApiResult result = call.get();
        String retryAfter = result.header("Retry-After");
        if (result.status() != 503 || retryAfter == null || !result.isProblem(503)) {
            return result;
        }
        LOG.warning(
                () -> "outage answer " + abbreviate(result) + "; sending the request again after " + retryAfter + " s");
        try {
            Thread.sleep(Duration.ofSeconds(Math.min(Long.parseLong(retryAfter.trim()), 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result;
        } catch (NumberFormatException e) {
            return result;
        }
        return call.get();
    }

    /**
     * The property every route must keep: whatever {@code hostile} was, the answer is below 500, and
     * a refusal is problem+json. The failure message carries the request and the response.
     */
    public static void assertAnswered(String route, Hostile hostile, ApiResult result) {
        boolean refusedProperly = result.status() < 400 || result.isProblem(result.status());
        if (result.status() >= 500 || !refusedProperly) {
            throw new AssertionError(route + " with " + abbreviate(hostile) + " -> " + abbreviate(result));
        }
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }

    public static Arbitrary<Hostile> requests() {
        return Combinators.combine(bodies().injectNull(0.1), contentTypes().injectNull(0.5), queries(), headers())
                .as(Hostile::new);
    }

    static Arbitrary<String> bodies() {
        return Arbitraries.oneOf(
                jsonObjects(), jsonValue(2), Arbitraries.strings().ofMaxLength(200), hugeBody());
    }

    static Arbitrary<String> jsonObjects() {
        Arbitrary<String> member = Combinators.combine(
                        Arbitraries.oneOf(
                                Arbitraries.of(FIELDS),
                                Arbitraries.strings().alpha().ofMaxLength(8)),
                        jsonValue(2))
                .as((k, v) -> quote(k) + ":" + v);
        return member.list().ofMaxSize(6).map(ms -> "{" + String.join(",", ms) + "}");
    }

    static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300).map(HostileRequests::quote),
                Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .ofMinLength(190)
                        .ofMaxLength(4100)
                        .map(HostileRequests::quote),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "\"free\"", "\"owner\"", "\"\"", "\"   \"", "1e999", "-0"));
        if (depth == 0) {
            return scalar;
        }
        return Arbitraries.oneOf(
                scalar,
                jsonValue(depth - 1).list().ofMaxSize(3).map(vs -> "[" + String.join(",", vs) + "]"),
                Combinators.combine(Arbitraries.of(FIELDS), jsonValue(depth - 1))
                        .as((k, v) -> "{" + quote(k) + ":" + v + "}"));
    }

    static Arbitrary<String> hugeBody() {
        return Arbitraries.integers()
                .between(256 * 1024 - 10, 300 * 1024)
                .map(n -> "{\"name\":\"" + "x".repeat(n) + "\"}");
    }

    static Arbitrary<String> contentTypes() {
        return Arbitraries.of(
                "application/json",
                "application/json; charset=utf-8",
                "text/plain",
                "application/x-www-form-urlencoded",
                "application/problem+json",
                "multipart/form-data; boundary=x",
                "",
                ";;;",
                "APPLICATION/JSON");
    }

    static Arbitrary<Map<String, String>> queries() {
        return Arbitraries.maps(
                        Arbitraries.of("limit", "cursor", "from", "to", "x"),
                        Arbitraries.oneOf(
                                Arbitraries.of("0", "1", "100", "101", "-5", "abc", "", "1.5", "99999999999999999999"),
                                Arbitraries.strings().ofMaxLength(300)))
                .ofMaxSize(3);
    }

    static Arbitrary<Map<String, String>> headers() {
        return Arbitraries.maps(
                        Arbitraries.of("if-match", "idempotency-key", "x-request-id"),
                        Arbitraries.oneOf(
                                Arbitraries.of("\"1\"", "*", "W/\"1\"", "\"-1\"", "", "\"99999999999999999999\""),
                                Arbitraries.strings().ofMaxLength(300)))
                .ofMaxSize(3);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
