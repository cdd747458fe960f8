package io.tenantry.local.invoke;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The X-Ray agent Lambda runs beside a function with active tracing, on a loopback UDP port ({@code
 * AWS_XRAY_DAEMON_ADDRESS}): it takes the spans a function sends (a JSON header line, {@code T1S}, then the base64 of
 * an OTLP {@code ExportTraceServiceRequest}) and keeps them for the invocation's report. A function sends its spans
 * before it answers, and a loopback datagram is queued for this socket when it is sent, so the spans of an
 * invocation are all here once its response is: {@link #take()} reads what is queued without waiting for more.
 */
final class XRayAgent implements AutoCloseable {
    static final String HEADER = "{\"format\":\"json\",\"version\":1}\n";
    static final String SAMPLED_OTLP = "T1S";

    /** One span as the agent received it. */
    record ReceivedSpan(
            String name, String traceId, double durationMillis, boolean failed, Map<String, String> attributes) {
        String attribute(String key) {
            return attributes.get(key);
        }
    }

    private final DatagramSocket socket;

    private XRayAgent(DatagramSocket socket) {
        this.socket = socket;
    }

    static XRayAgent start() throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(1);
        return new XRayAgent(socket);
    }

    /** {@code host:port}, as Lambda sets {@code AWS_XRAY_DAEMON_ADDRESS}. */
    String address() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** The spans received since the last call; a datagram that is not spans is skipped. */
    List<ReceivedSpan> take() {
        List<ReceivedSpan> spans = new ArrayList<>();
        byte[] buffer = new byte[65_536];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return spans;
            } catch (IOException e) {
                return spans;
            }
            spans.addAll(decode(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)));
        }
    }

    /** The spans of one datagram; none when it is not {@code T1S} spans. */
    static List<ReceivedSpan> decode(String datagram) {
        String prefix = HEADER + SAMPLED_OTLP;
        if (!datagram.startsWith(prefix)) {
            return List.of();
        }
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(Base64.getDecoder()
                    .decode(datagram.substring(prefix.length()).strip()));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return List.of();
        }
        List<ReceivedSpan> spans = new ArrayList<>();
        request.getResourceSpansList()
                .forEach(resource -> resource.getScopeSpansList()
                        .forEach(scope -> scope.getSpansList().forEach(span -> {
                            Map<String, String> attributes = new LinkedHashMap<>();
                            span.getAttributesList()
                                    .forEach(attribute ->
                                            attributes.put(attribute.getKey(), text(attribute.getValue())));
                            spans.add(new ReceivedSpan(
                                    span.getName(),
                                    java.util.HexFormat.of()
                                            .formatHex(span.getTraceId().toByteArray()),
                                    (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000_000.0,
                                    span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                                    attributes));
                        })));
        return spans;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString().strip();
        };
    }

    @Override
    public void close() {
        socket.close();
    }
}
