package io.tenantry.shared.snapstart;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runtime's JSON is primed where the runtime's serialisers are visible (the tests see them through the local
 * emulators, as a function sees them on Lambda), and skipped where they are not or do not serve the classes.
 */
class RuntimeSerializationTest {
    private static final ClassLoader TESTS = RuntimeSerializationTest.class.getClassLoader();

    static APIGatewayV2HTTPResponse answer() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{}")
                .build();
    }

    @Test
    void anHttpEventAndItsAnswer_goThroughTheRuntimesSerialisers_whereTheyAreVisible() throws Exception {
        var event = Priming.event("GET /v1/projects/{projectId}", null, Priming.claims());
        assertTrue(RuntimeSerialization.prime(event, answer(), 3, TESTS));
    }

    @Test
    void aBatchAndItsAnswer_goThroughTheRuntimesSerialisers() throws Exception {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("priming");
        message.setBody("{\"tenantId\":\"" + Priming.TENANT_ID + "\"}");
        SQSEvent batch = new SQSEvent();
        batch.setRecords(List.of(message));
        SQSBatchResponse answer = new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("priming")));
        assertTrue(RuntimeSerialization.prime(batch, answer, 3, TESTS));
    }

    @Test
    void nothingIsDone_whereTheRuntimesSerialisersAreNotVisible() throws Exception {
        try (URLClassLoader withoutRuntime = new URLClassLoader(new URL[0], null)) {
            assertFalse(RuntimeSerialization.prime(
                    Priming.event("GET /v1/health", null, null), answer(), 3, withoutRuntime));
        }
    }

    /**
     * As the runtime does: an event class the runtime knows gets its event serialiser; any other class gets the one
     * shared Jackson serialiser, so what priming builds there is what the first request finds.
     */
    @Test
    void theSerialiserTaken_isTheOneTheRuntimeTakes() throws Exception {
        Class<?> events = Class.forName(RuntimeSerialization.EVENT_SERIALIZERS, true, TESTS);
        Class<?> jackson = Class.forName(RuntimeSerialization.JACKSON, true, TESTS);
        Object jacksonFactory = jackson.getMethod("getInstance").invoke(null);
        assertSame(jacksonFactory, jackson.getMethod("getInstance").invoke(null), "one shared factory");

        var known = events.getMethod("isLambdaSupportedEvent", String.class);
        assertTrue((Boolean) known.invoke(null, SQSEvent.class.getName()), "an event the runtime knows");
        assertFalse(
                (Boolean) known.invoke(null, APIGatewayV2HTTPResponse.class.getName()),
                "HTTP API events and answers go through the shared Jackson factory");
        // The event serialisers write SQS's own field names (its mix-ins); the plain Jackson factory would not.
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:queue");
        SQSEvent batch = new SQSEvent();
        batch.setRecords(List.of(message));
        assertTrue(json(RuntimeSerialization.serializerFor(SQSEvent.class, events, jackson, TESTS), batch)
                .contains("\"eventSourceARN\""));
        Object plain =
                jackson.getMethod("getSerializer", java.lang.reflect.Type.class).invoke(jacksonFactory, SQSEvent.class);
        assertFalse(json(plain, batch).contains("\"eventSourceARN\""), "the mix-ins make the difference");
        assertTrue(json(
                        RuntimeSerialization.serializerFor(APIGatewayV2HTTPResponse.class, events, jackson, TESTS),
                        answer())
                .contains("\"statusCode\":200"));
    }

    static String json(Object serializer, Object value) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Class.forName(RuntimeSerialization.SERIALIZER, true, TESTS)
                .getMethod("toJson", Object.class, java.io.OutputStream.class)
                .invoke(serializer, value, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
