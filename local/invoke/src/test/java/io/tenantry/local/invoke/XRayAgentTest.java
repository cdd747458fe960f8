package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local X-Ray agent reads what a function sends Lambda's: header line, {@code T1S}, base64 OTLP. */
class XRayAgentTest {
    private static final String TRACE = "6750a0000123456789abcdef01234567";

    static byte[] datagram(String prefix, Span span) {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
                .build();
        return (prefix + Base64.getEncoder().encodeToString(request.toByteArray())).getBytes(StandardCharsets.UTF_8);
    }

    static Span span(String name, boolean failed) {
        return Span.newBuilder()
                .setName(name)
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE)))
                .setStartTimeUnixNano(1_000_000_000L)
                .setEndTimeUnixNano(1_004_500_000L)
                .setStatus(Status.newBuilder()
                        .setCode(failed ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_UNSET))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("tenantry.route")
                        .setValue(AnyValue.newBuilder().setStringValue("GET /v1/tenant")))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("http.response.status_code")
                        .setValue(AnyValue.newBuilder().setIntValue(200)))
                .build();
    }

    @Test
    void aSpanDatagram_isRead_withItsNameTraceDurationStatusAndAttributes() {
        List<XRayAgent.ReceivedSpan> spans = XRayAgent.decode(new String(
                datagram(XRayAgent.HEADER + XRayAgent.SAMPLED_OTLP, span("DynamoDb.GetItem", true)),
                StandardCharsets.UTF_8));

        assertEquals(1, spans.size());
        XRayAgent.ReceivedSpan read = spans.getFirst();
        assertEquals("DynamoDb.GetItem", read.name());
        assertEquals(TRACE, read.traceId());
        assertEquals(4.5, read.durationMillis(), 1e-9);
        assertTrue(read.failed());
        assertEquals("GET /v1/tenant", read.attribute("tenantry.route"));
        assertEquals("200", read.attribute("http.response.status_code"));
    }

    @Test
    void aDatagramThatIsNotSampledSpans_isSkipped_theSameSpansWithTheirPrefixAreRead() {
        byte[] segment =
                "{\"format\":\"json\",\"version\":1}\n{\"name\":\"a-segment\"}".getBytes(StandardCharsets.UTF_8);
        String unsampled = new String(datagram(XRayAgent.HEADER + "T1U", span("x", false)), StandardCharsets.UTF_8);
        String sampled = new String(
                datagram(XRayAgent.HEADER + XRayAgent.SAMPLED_OTLP, span("x", false)), StandardCharsets.UTF_8);

        assertTrue(XRayAgent.decode(new String(segment, StandardCharsets.UTF_8)).isEmpty());
        assertTrue(XRayAgent.decode(unsampled).isEmpty());
        assertTrue(XRayAgent.decode(XRayAgent.HEADER + XRayAgent.SAMPLED_OTLP + "not base64!")
                .isEmpty());
        assertEquals(1, XRayAgent.decode(sampled).size());
    }

    @Test
    void take_returnsWhatWasSentBeforeIt_andNothingTwice() throws Exception {
        try (XRayAgent agent = XRayAgent.start();
                DatagramSocket function = new DatagramSocket()) {
            String[] address = agent.address().split(":");
            InetSocketAddress target = new InetSocketAddress(address[0], Integer.parseInt(address[1]));
            for (String name : List.of("Sqs.SendMessage", "S3.PutObject")) {
                byte[] bytes = datagram(XRayAgent.HEADER + XRayAgent.SAMPLED_OTLP, span(name, false));
                function.send(new DatagramPacket(bytes, bytes.length, target));
            }

            assertEquals(
                    List.of("Sqs.SendMessage", "S3.PutObject"),
                    agent.take().stream().map(XRayAgent.ReceivedSpan::name).toList());
            assertFalse(agent.take().iterator().hasNext());
        }
    }
}
