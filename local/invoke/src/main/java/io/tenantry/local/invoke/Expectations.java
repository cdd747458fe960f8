package io.tenantry.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;

/**
 * What a sample event implies its function must answer, for {@code invoke --all}:
 *
 * <ul>
 *   <li>always: init succeeds and every invocation returns a response (no function error, no timeout, no exit);
 *   <li>an HTTP API event ({@code requestContext.http}): a 2xx status (a payload-2.0 response without {@code
 *       statusCode} is a 200, as API Gateway reads it); a 404 only when the event's path names a resource that
 *       nothing created ({@link FunctionSuite} creates what it can first); never a 5xx or another 4xx. The same
 *       event sent again in the same environment ({@code --repeat}, {@code bench}) may meet the first one's effects
 *       (a second create answers 409, a second delete 404): from the second invocation on, only a 5xx fails;
 *   <li>an SQS event ({@code Records[].eventSource} {@code aws:sqs}): no {@code batchItemFailures}, however often
 *       it is delivered;
 *   <li>any other event (Cognito triggers, schedules): a response.
 * </ul>
 *
 * And always: every span the run sent to the local X-Ray agent names a route or worker, and for an HTTP API event it
 * is the event's {@code routeKey}; the verdict counts the spans.
 */
final class Expectations {
    private Expectations() {}

    /** The verdict on one run: passed or not, and a short description of what was seen. */
    record Verdict(boolean passed, String summary) {}

    /** {@code unseededPath}: the event's path names a resource that nothing created. */
    static Verdict check(JsonNode event, RunReport report, boolean unseededPath) {
        Verdict verdict = checkAnswers(event, report, unseededPath);
        if (!verdict.passed()) {
            return verdict;
        }
        String route = isHttp(event) ? event.path("routeKey").asText(null) : null;
        for (XRayAgent.ReceivedSpan span : report.spans()) {
            String named = span.attribute("tenantry.route");
            if (named == null || (route != null && !route.equals(named))) {
                return new Verdict(
                        false,
                        "a span (" + span.name() + ") names the route " + named
                                + (route == null ? "" : ", not the event's " + route));
            }
        }
        return new Verdict(true, verdict.summary() + ", " + report.spans().size() + " spans");
    }

    private static Verdict checkAnswers(JsonNode event, RunReport report, boolean unseededPath) {
        if (!report.succeeded()) {
            return new Verdict(false, report.failureSummary());
        }
        if (isHttp(event)) {
            Invocation first = report.invocations().getFirst();
            int status = statusCode(first);
            String seen = "HTTP " + status;
            if (status == 404 && unseededPath) {
                seen = "HTTP 404 (accepted: the event's path names a resource that nothing created)";
            } else if (status < 200 || status >= 300) {
                return new Verdict(false, "HTTP " + status + ": " + abbreviate(body(first)));
            }
            for (Invocation again :
                    report.invocations().subList(1, report.invocations().size())) {
                int repeated = statusCode(again);
                if (repeated >= 500) {
                    return new Verdict(
                            false, seen + ", then HTTP " + repeated + " when sent again: " + abbreviate(body(again)));
                }
            }
            return new Verdict(true, seen);
        }
        if (isSqs(event)) {
            for (Invocation result : report.invocations()) {
                JsonNode response = Json.tryParse(result.payload());
                JsonNode failures = response == null ? null : response.get("batchItemFailures");
                if (failures != null && failures.isArray() && !failures.isEmpty()) {
                    return new Verdict(false, "batchItemFailures " + failures);
                }
            }
            return new Verdict(true, "no batchItemFailures");
        }
        return new Verdict(true, "response");
    }

    static boolean isHttp(JsonNode event) {
        return event != null && event.path("requestContext").has("http");
    }

    static boolean isSqs(JsonNode event) {
        JsonNode records = event == null ? null : event.get("Records");
        return records != null
                && records.isArray()
                && !records.isEmpty()
                && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }

    /** The HTTP status of a payload-2.0 response; 200 when the function returned no {@code statusCode}. */
    static int statusCode(Invocation result) {
        JsonNode response = Json.tryParse(result.payload());
        if (response != null && response.isObject() && response.has("statusCode")) {
            return response.get("statusCode").asInt();
        }
        return 200;
    }

    private static String body(Invocation result) {
        JsonNode response = Json.tryParse(result.payload());
        if (response != null && response.hasNonNull("body")) {
            return response.get("body").asText();
        }
        return result.payloadText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
