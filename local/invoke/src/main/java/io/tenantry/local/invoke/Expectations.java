package io.tenantry.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a sample event implies its function must answer, for {@code invoke --all}:
 *
 * <ul>
 *   <li>always: init succeeds and every invocation returns a response (no function error, no timeout, no exit);
 *   <li>an HTTP API event ({@code requestContext.http}): a 2xx status (a payload-2.0 response without {@code
 *       statusCode} is a 200, as API Gateway reads it); a 404 only when the event names a resource by path
 *       ({@code pathParameters}), which an empty database does not hold; never a 5xx or another 4xx;
 *   <li>an SQS event ({@code Records[].eventSource} {@code aws:sqs}): no {@code batchItemFailures};
 *   <li>any other event (Cognito triggers, schedules): a response.
 * </ul>
 */
final class Expectations {
    private Expectations() {}

    /** The verdict on one run: passed or not, and a short description of what was seen. */
    record Verdict(boolean passed, String summary) {}

    static Verdict check(JsonNode event, RunReport report) {
        if (!report.succeeded()) {
            return new Verdict(false, report.failureSummary());
        }
        if (isHttp(event)) {
            String seen = null;
            for (InvocationResult result : report.invocations()) {
                int status = statusCode(result);
                seen = "HTTP " + status;
                if (status >= 200 && status < 300) {
                    continue;
                }
                if (status == 404 && namesResourceByPath(event)) {
                    seen = "HTTP 404 (accepted: the event's path names a resource the empty database lacks)";
                    continue;
                }
                return new Verdict(false, "HTTP " + status + ": " + abbreviate(body(result)));
            }
            return new Verdict(true, seen);
        }
        if (isSqs(event)) {
            for (InvocationResult result : report.invocations()) {
                JsonNode response = Json.parse(result.payload());
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
    static int statusCode(InvocationResult result) {
        JsonNode response = Json.parse(result.payload());
        if (response != null && response.isObject() && response.has("statusCode")) {
            return response.get("statusCode").asInt();
        }
        return 200;
    }

    private static boolean namesResourceByPath(JsonNode event) {
        JsonNode parameters = event.get("pathParameters");
        return parameters != null && parameters.isObject() && !parameters.isEmpty();
    }

    private static String body(InvocationResult result) {
        JsonNode response = Json.parse(result.payload());
        if (response != null && response.hasNonNull("body")) {
            return response.get("body").asText();
        }
        return result.payloadText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
