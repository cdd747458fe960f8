package io.tenantry.shared.tracing;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends spans to the X-Ray agent Lambda runs beside a traced function ({@code AWS_XRAY_DAEMON_ADDRESS}), as AWS's
 * OpenTelemetry distribution does in Lambda: one UDP datagram per export, a JSON header line, {@code T1S} (sampled
 * spans in OTLP binary), then the base64 of an OTLP {@code ExportTraceServiceRequest}, encoded by OpenTelemetry's own
 * marshaler. The agent forwards the spans to X-Ray after the invocation, so an export costs the invocation one local
 * datagram and no network round trip. Delivery is best effort: a failed send is logged and the spans are dropped, and
 * a span never fails the request it describes.
 *
 * <p>While a priming run is under way, spans are encoded as for the agent and dropped: the priming warms the encoding,
 * and the agent (there is one beside a function's init too) never receives a span of it.
 *
 * <p>AWS publishes this exporter for Java as {@code aws-distro-opentelemetry-xray-udp-span-exporter}; the registry this
 * project builds from does not serve it (docs/operations.md, Traces).
 */
final class XRayUdpSpanExporter implements SpanExporter {
    static final String HEADER = "{\"format\":\"json\",\"version\":1}\n";
    static final String SAMPLED_OTLP = "T1S";
    private static final Logger LOG = LoggerFactory.getLogger(XRayUdpSpanExporter.class);

    private final InetSocketAddress agent;
    private final BooleanSupplier priming;
    private final Object lock = new Object();
    private volatile Channel channel;

    /** The socket spans leave by, and the agent's resolved address. */
    private record Channel(DatagramSocket socket, InetSocketAddress target) {}

    XRayUdpSpanExporter(InetSocketAddress agent, BooleanSupplier priming) {
        this.agent = agent;
        this.priming = priming;
    }

    /**
     * The agent at {@code host:port}, as Lambda writes {@code AWS_XRAY_DAEMON_ADDRESS}; nothing is sent while {@code
     * priming}.
     */
    static XRayUdpSpanExporter at(String address, BooleanSupplier priming) {
        String value = address.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("AWS_XRAY_DAEMON_ADDRESS is not host:port: " + address);
        }
        String host = value.substring(0, colon);
        int port = Integer.parseInt(value.substring(colon + 1));
        return new XRayUdpSpanExporter(InetSocketAddress.createUnresolved(host, port), priming);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        if (spans.isEmpty()) {
            return CompletableResultCode.ofSuccess();
        }
        try {
            ByteArrayOutputStream otlp = new ByteArrayOutputStream();
            TraceRequestMarshaler.create(spans).writeBinaryTo(otlp);
            byte[] datagram = (HEADER + SAMPLED_OTLP + Base64.getEncoder().encodeToString(otlp.toByteArray()))
                    .getBytes(StandardCharsets.UTF_8);
            if (!priming.getAsBoolean()) {
                send(datagram);
            }
            return CompletableResultCode.ofSuccess();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not send {} spans to the X-Ray agent: {}", spans.size(), e.toString());
            return CompletableResultCode.ofFailure();
        }
    }

    /**
     * The socket opens, and the agent's address is resolved, on the first send: after any snapshot restore
     * (SnapStart), never in the snapshot. Both are reused.
     */
    private void send(byte[] datagram) throws IOException {
        Channel open = channel;
        if (open == null) {
            synchronized (lock) {
                open = channel;
                if (open == null) {
                    open = new Channel(
                            new DatagramSocket(), new InetSocketAddress(agent.getHostString(), agent.getPort()));
                    channel = open;
                }
            }
        }
        open.socket().send(new DatagramPacket(datagram, datagram.length, open.target()));
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        synchronized (lock) {
            Channel open = channel;
            channel = null;
            if (open != null) {
                open.socket().close();
            }
        }
        return CompletableResultCode.ofSuccess();
    }
}
