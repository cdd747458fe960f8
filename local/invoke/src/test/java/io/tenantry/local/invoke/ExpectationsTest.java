package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.function.FunctionError;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
    private static final JsonNode HTTP_EVENT = Json.tryParse(
            "{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/v1/tenant\"}}}");
    private static final JsonNode SQS_EVENT =
            Json.tryParse("{\"Records\":[{\"eventSource\":\"aws:sqs\",\"body\":\"{}\"}]}");
    private static final JsonNode OTHER_EVENT = Json.tryParse("{\"triggerSource\":\"TokenGeneration_Authentication\"}");

    @Test
    void http_passes_on2xx_andFails_on5xxOrAnother4xx() {
        assertTrue(check(HTTP_EVENT, false, "{\"statusCode\":200}").passed());
        assertTrue(check(HTTP_EVENT, false, "{\"statusCode\":204}").passed());
        assertFalse(check(HTTP_EVENT, false, "{\"statusCode\":500,\"body\":\"boom\"}")
                .passed());
        assertFalse(check(HTTP_EVENT, false, "{\"statusCode\":403}").passed());
        assertFalse(check(HTTP_EVENT, false, "{\"statusCode\":400}").passed());
    }

    @Test
    void http_accepts404_onlyForAPathThatNamesWhatNothingCreated() {
        assertTrue(check(HTTP_EVENT, true, "{\"statusCode\":404}").passed());
        assertFalse(check(HTTP_EVENT, false, "{\"statusCode\":404}").passed());
    }

    @Test
    void http_readsAResponseWithoutStatusCodeAs200_asApiGatewayDoes() {
        assertTrue(check(HTTP_EVENT, false, "{\"message\":\"hello\"}").passed());
    }

    @Test
    void http_holdsRepeatedInvocationsOnlyToNo5xx() {
        assertTrue(check(HTTP_EVENT, false, "{\"statusCode\":201}", "{\"statusCode\":409}")
                .passed());
        assertFalse(check(HTTP_EVENT, false, "{\"statusCode\":201}", "{\"statusCode\":503}")
                .passed());
    }

    @Test
    void sqs_failsOnBatchItemFailures() {
        assertTrue(check(SQS_EVENT, false, "{\"batchItemFailures\":[]}").passed());
        assertTrue(check(SQS_EVENT, false, "{}").passed());
        assertFalse(check(SQS_EVENT, false, "{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"}]}")
                .passed());
    }

    @Test
    void anyEvent_failsOnAFunctionError() {
        FunctionError error = FunctionError.runtime("java.lang.IllegalStateException", "boom");
        RunReport report = new RunReport(
                "F",
                128,
                10,
                null,
                List.of(Invocation.failed("r", Invocation.Status.ERROR, error, 1)),
                1,
                List.of(),
                List.of(),
                List.of());

        assertFalse(Expectations.check(OTHER_EVENT, report, false).passed());
        assertTrue(check(OTHER_EVENT, false, "{\"response\":{}}").passed());
    }

    @Test
    void anyEvent_failsOnAnInitError() {
        RunReport report = new RunReport(
                "F",
                128,
                10,
                FunctionError.runtime("Runtime.BadFunctionCode", "nope"),
                List.of(),
                -1,
                List.of(),
                List.of(),
                List.of());

        assertFalse(Expectations.check(HTTP_EVENT, report, false).passed());
    }

    @Test
    void spans_mustNameTheEventsRoute_andAreCounted_aSpanNamingAnotherRouteFails() {
        JsonNode event = Json.tryParse("{\"version\":\"2.0\",\"routeKey\":\"GET /v1/tenant\","
                + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/v1/tenant\"}}}");
        String route = "GET /v1/tenant";
        Expectations.Verdict own = withSpans(event, span(route), span(route));
        Expectations.Verdict other = withSpans(event, span(route), span("DELETE /v1/tenant"));
        Expectations.Verdict none = withSpans(event, span(null));

        assertTrue(own.passed(), own.summary());
        assertTrue(own.summary().endsWith(", 2 spans"), own.summary());
        assertFalse(other.passed(), other.summary());
        assertFalse(none.passed(), none.summary());
    }

    @Test
    void spans_ofAWorker_mustNameSomeRoute() {
        assertTrue(withSpans(SQS_EVENT, span("InvoiceQueueFunction")).passed());
        assertFalse(withSpans(SQS_EVENT, span(null)).passed());
    }

    private static XRayAgent.ReceivedSpan span(String route) {
        java.util.Map<String, String> attributes = new java.util.HashMap<>();
        if (route != null) {
            attributes.put("tenantry.route", route);
        }
        return new XRayAgent.ReceivedSpan(
                "DynamoDb.GetItem", "0af7651916cd43dd8448eb211c80319c", 1.5, false, attributes);
    }

    private static Expectations.Verdict withSpans(JsonNode event, XRayAgent.ReceivedSpan... spans) {
        List<Invocation> results =
                List.of(Invocation.ok("r", "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8), 1_000_000));
        return Expectations.check(
                event, new RunReport("F", 128, 10, null, results, 100, List.of(), List.of(spans), List.of()), false);
    }

    private static Expectations.Verdict check(JsonNode event, boolean unseededPath, String... payloads) {
        List<Invocation> results = Arrays.stream(payloads)
                .map(p -> Invocation.ok("r", p.getBytes(StandardCharsets.UTF_8), 1_000_000))
                .toList();
        return Expectations.check(
                event, new RunReport("F", 128, 10, null, results, 100, List.of(), List.of(), List.of()), unseededPath);
    }
}
