package io.tenantry.shared.tracing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.aws.AwsClientFactory;
import io.tenantry.shared.aws.TenantScope;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.example.handler.GetNoteHandler;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.testing.ScopedCalls;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The spans of AWS calls, end to end: a function's context built as in Lambda (its X-Ray agent address set), its own
 * DynamoDB clients, Lambda's trace header set for the invocation, and the datagrams decoded as the agent would. Each
 * refusal has its twin: a span names its own tenant and never its neighbour's; an invocation Lambda did not sample
 * sends nothing, the same call sampled sends its span.
 */
@EmulatedAws
class AwsCallSpansIT {
    private static final String ROUTE = "GET /v1/tenants/{tenantId}";
    private static final String PARENT = "53995c3f42cd8ad8";

    static DatagramSocket agent;
    static ApplicationContext context;
    static DynamoDbClient functionRole;
    static String table;
    static int traces;

    @BeforeAll
    static void start(AwsEnvironment aws) throws Exception {
        agent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        agent.setSoTimeout(5_000);
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("GetTenantFunction"));
        properties.put("aws.xray.daemon.address", "127.0.0.1:" + agent.getLocalPort());
        properties.put("tenantry.metering.enabled", "false");
        context = ApplicationContext.run(properties);
        functionRole = context.getBean(DynamoDbClient.class, Qualifiers.byName(AwsClientFactory.FUNCTION_ROLE));
        table = context.getBean(TableSettings.class).name();
    }

    @AfterAll
    static void stop() {
        System.clearProperty(LambdaTraceHeader.PROPERTY);
        if (context != null) {
            context.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @AfterEach
    void leaveTheInvocation() {
        System.clearProperty(LambdaTraceHeader.PROPERTY);
        MDC.clear();
    }

    /** Enters an invocation Lambda traces under a root of its own; returns the root's OTLP trace id. */
    static String sampledInvocation() {
        return invocation(true);
    }

    static String invocation(boolean sampled) {
        String root = "1-6750a000-" + String.format("%024x", ++traces);
        System.setProperty(
                LambdaTraceHeader.PROPERTY, "Root=" + root + ";Parent=" + PARENT + ";Sampled=" + (sampled ? 1 : 0));
        return root.substring(2).replace("-", "");
    }

    static void read(String tenantId) {
        functionRole.getItem(r -> r.tableName(table)
                .key(Map.of(
                        Keys.PK, AttributeValue.fromS("TENANT#" + tenantId),
                        Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD))));
    }

    /**
     * The next span the agent receives named {@code name} (null: any) in one of {@code traceIds}, skipping others (a
     * scope's STS call, spans of another test's invocations); fails when none comes within the socket's timeout.
     */
    static Span nextSpan(String name, String... traceIds) throws Exception {
        List<String> traces = List.of(traceIds);
        while (true) {
            for (Span span : received()) {
                if ((name == null || span.getName().equals(name)) && traces.contains(hex(span.getTraceId()))) {
                    return span;
                }
            }
        }
    }

    static List<Span> received() throws Exception {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        agent.receive(packet);
        String datagram = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        assertTrue(datagram.startsWith(XRayUdpSpanExporter.HEADER + XRayUdpSpanExporter.SAMPLED_OTLP), datagram);
        byte[] otlp = Base64.getDecoder()
                .decode(datagram.substring(
                        XRayUdpSpanExporter.HEADER.length() + XRayUdpSpanExporter.SAMPLED_OTLP.length()));
        return ExportTraceServiceRequest.parseFrom(otlp).getResourceSpansList().stream()
                .flatMap(resource -> resource.getScopeSpansList().stream())
                .flatMap(scope -> scope.getSpansList().stream())
                .toList();
    }

    /** The trace id of the next span named {@code name} the agent receives. */
    static String receivedTraceOf(String name) throws Exception {
        while (true) {
            for (Span span : received()) {
                if (span.getName().equals(name)) {
                    return hex(span.getTraceId());
                }
            }
        }
    }

    static Map<String, String> attributes(Span span) {
        return span.getAttributesList().stream()
                .filter(attribute -> attribute.getValue().hasStringValue()
                        || attribute.getValue().hasIntValue())
                .collect(Collectors.toMap(
                        KeyValue::getKey,
                        attribute -> attribute.getValue().hasStringValue()
                                ? attribute.getValue().getStringValue()
                                : Long.toString(attribute.getValue().getIntValue())));
    }

    static String hex(com.google.protobuf.ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Test
    void aCallForTenantA_namesA_andTheRoute_underLambdasTrace_andBsSameCallNamesB() throws Exception {
        CurrentRoute route = context.getBean(CurrentRoute.class);
        for (String tenant : List.of("ten_A", "ten_B")) {
            String traceId = sampledInvocation();
            MDC.put(AwsCallSpans.LOGGED_TENANT, tenant);
            route.call(ROUTE, () -> {
                read(tenant);
                return null;
            });
            Span span = nextSpan("DynamoDb.GetItem", traceId);
            Map<String, String> attributes = attributes(span);
            assertEquals(tenant, attributes.get("tenantry.tenant_id"), attributes::toString);
            assertEquals(ROUTE, attributes.get("tenantry.route"));
            assertEquals(table, attributes.get("tenantry.aws_resource"));
            assertEquals("200", attributes.get("http.response.status_code"));
            assertEquals("aws-api", attributes.get("rpc.system"));
            assertFalse(attributes.getOrDefault("aws.request_id", "").isBlank(), attributes::toString);
            assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, span.getKind());
            assertEquals(traceId, hex(span.getTraceId()));
            assertEquals(PARENT, hex(span.getParentSpanId()));
        }
    }

    @Test
    void aRoutesRequest_namesItsRouteOnEverySpan_andOnlyItsOwnTenant_theNextTenantsRequestNamesItsOwn(
            AwsEnvironment aws) throws Exception {
        ScopedCalls.assumeEnforced(aws);
        TestTenants tenants = new TestTenants(context);
        GetNoteHandler handler = new GetNoteHandler(context);
        for (SeededTenant tenant : List.of(tenants.create(), tenants.create())) {
            String traceId = sampledInvocation();
            ApiResult result = ApiResult.call(
                    handler,
                    tenant.as(Role.VIEWER, "GET", "/v1/notes/missing")
                            .route("GET /v1/notes/{noteId}")
                            .pathParameter("noteId", "missing"));
            assertEquals(404, result.status(), result::toString);
            // Up to the note's read in the tenant's scope: admission's reads, the scope's STS call, the read itself.
            List<Span> spans = new java.util.ArrayList<>();
            Span read;
            do {
                read = nextSpan(null, traceId);
                spans.add(read);
            } while (!read.getName().equals("DynamoDb.GetItem")
                    || !tenant.tenantId().equals(attributes(read).get("tenantry.tenant_id")));
            for (Span span : spans) {
                Map<String, String> attributes = attributes(span);
                assertEquals("GET /v1/notes/{noteId}", attributes.get("tenantry.route"), attributes::toString);
                assertTrue(
                        attributes.get("tenantry.tenant_id") == null
                                || attributes.get("tenantry.tenant_id").equals(tenant.tenantId()),
                        attributes::toString);
            }
        }
        assertTrue(context.getBean(CurrentRoute.class).get().isEmpty());
    }

    /** Stands for a function that is neither a route nor a worker (a schedule, a stream, a trigger). */
    static final class NightlyReportHandler {}

    @Test
    void aFunctionThatIsNeitherRouteNorWorker_isNamedAsItsMetricsNameIt_andOnlyWhileItRuns() throws Exception {
        String traceId = sampledInvocation();
        context.getBean(FunctionMetrics.class).invocation(NightlyReportHandler.class, null, () -> {
            read("ten_A");
            return null;
        });
        read("ten_A");
        Span during = nextSpan("DynamoDb.GetItem", traceId);
        Span after = nextSpan("DynamoDb.GetItem", traceId);
        assertEquals("NightlyReport", attributes(during).get("tenantry.route"));
        assertNull(
                attributes(after).get("tenantry.route"), () -> attributes(after).toString());
    }

    @Test
    void insideATenantsScope_theScopesTenantIsNamed_overTheLoggingContexts(AwsEnvironment aws) throws Exception {
        ScopedCalls.assumeEnforced(aws);
        TestTenants tenants = new TestTenants(context);
        SeededTenant mine = tenants.create();
        String traceId = sampledInvocation();
        MDC.put(AwsCallSpans.LOGGED_TENANT, "ten_SOMEONE_ELSE");
        context.getBean(TenantScope.class).call(mine.tenantId(), TenantScope.Access.READ_ONLY, () -> {
            context.getBean(DynamoDbClient.class)
                    .getItem(r -> r.tableName(table)
                            .key(Map.of(
                                    Keys.PK, AttributeValue.fromS("TENANT#" + mine.tenantId()),
                                    Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD))));
            return null;
        });
        assertEquals(
                mine.tenantId(),
                attributes(nextSpan("DynamoDb.GetItem", traceId)).get("tenantry.tenant_id"));
    }

    @Test
    void anInvocationLambdaDidNotSample_sendsNoSpan_theSameCallSampledSendsOne() throws Exception {
        String unsampled = invocation(false);
        read("ten_UNSAMPLED");
        System.clearProperty(LambdaTraceHeader.PROPERTY);
        read("ten_OUTSIDE_ANY_INVOCATION");
        String sampled = sampledInvocation();
        read("ten_SAMPLED");
        // Datagrams on the loopback arrive in the order they were sent: had the unsampled call sent a span, it would
        // come first; no span of this test comes without a trace (the call outside an invocation).
        Span first = nextSpan("DynamoDb.GetItem", unsampled, sampled);
        assertEquals(sampled, hex(first.getTraceId()));
    }

    @Test
    void aFailedCall_isASpanWithTheErrorCode_andTheErrorStatus() throws Exception {
        String traceId = sampledInvocation();
        DynamoDbException failed = assertThrows(
                DynamoDbException.class,
                () -> functionRole.getItem(r -> r.tableName("no-such-table")
                        .key(Map.of(Keys.PK, AttributeValue.fromS("x"), Keys.SK, AttributeValue.fromS("y")))));
        Span span = nextSpan("DynamoDb.GetItem", traceId);
        assertEquals(failed.awsErrorDetails().errorCode(), attributes(span).get("error.type"));
        assertEquals(Integer.toString(failed.statusCode()), attributes(span).get("http.response.status_code"));
        assertEquals(
                io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR,
                span.getStatus().getCode());
        assertEquals(
                Optional.of("no-such-table"),
                Optional.ofNullable(attributes(span).get("tenantry.aws_resource")));
    }

    @Test
    void theAgentAddress_mustBeHostAndPort_asLambdaWritesIt() {
        assertThrows(IllegalArgumentException.class, () -> XRayUdpSpanExporter.at("127.0.0.1", () -> false));
        assertThrows(IllegalArgumentException.class, () -> XRayUdpSpanExporter.at("127.0.0.1:", () -> false));
        assertDoesNotThrow(() -> XRayUdpSpanExporter.at("169.254.79.129:2000", () -> false));
    }

    @Test
    void spansTooLargeForOneDatagram_areAFailedExport_andThrowNothing_spansThatFitAreSent() throws Exception {
        InMemorySpanExporter finished = InMemorySpanExporter.create();
        List<SpanData> spans;
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(finished))
                .build()) {
            provider.get("test").spanBuilder("fits").startSpan().end();
            provider.get("test")
                    .spanBuilder("too-large")
                    .setAttribute("padding", "x".repeat(70_000))
                    .startSpan()
                    .end();
            spans = finished.getFinishedSpanItems();
        }
        XRayUdpSpanExporter exporter = XRayUdpSpanExporter.at("127.0.0.1:" + agent.getLocalPort(), () -> false);
        assertFalse(exporter.export(List.of(spans.get(1))).isSuccess());
        assertTrue(exporter.export(List.of(spans.get(0))).isSuccess());
        assertEquals(spans.get(0).getSpanContext().getTraceId(), receivedTraceOf("fits"));
        exporter.shutdown();
    }

    /**
     * A priming run's calls record their spans under the priming trace (so the first sampled invocation finds the path
     * warm) and send none: the agent's first datagram after them is the sampled invocation's.
     */
    @Test
    void aPrimingRunsCall_recordsItsSpan_andSendsNothing_theSameCallSampledInAnInvocationSendsOne() throws Exception {
        PrimingGuard guard = context.getBean(PrimingGuard.class);
        LambdaTraceHeader header = LambdaTraceHeader.fromRuntime(guard::active);
        assertFalse(io.opentelemetry.api.trace.Span.fromContext(header.parent())
                .getSpanContext()
                .isSampled());
        guard.run(() -> {
            assertTrue(io.opentelemetry.api.trace.Span.fromContext(header.parent())
                    .getSpanContext()
                    .isSampled());
            read("ten_PRIMING");
            return null;
        });

        String sampled = sampledInvocation();
        read("ten_SAMPLED_AFTER_PRIMING");
        Span first = nextSpan("DynamoDb.GetItem", "00000000000000000000000000000001", sampled);
        assertEquals(sampled, hex(first.getTraceId()));
    }

    @Test
    void whilePriming_theExporterEncodesAndSendsNothing_andOtherwiseSends() throws Exception {
        InMemorySpanExporter finished = InMemorySpanExporter.create();
        SpanData span;
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(finished))
                .build()) {
            provider.get("test").spanBuilder("primed").startSpan().end();
            span = finished.getFinishedSpanItems().get(0);
        }
        AtomicBoolean priming = new AtomicBoolean(true);
        try (DatagramSocket ownAgent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            XRayUdpSpanExporter exporter = XRayUdpSpanExporter.at("127.0.0.1:" + ownAgent.getLocalPort(), priming::get);
            assertTrue(exporter.export(List.of(span)).isSuccess(), "encoded while priming");
            priming.set(false);
            assertTrue(exporter.export(List.of(span)).isSuccess());
            exporter.shutdown();

            byte[] buffer = new byte[65_536];
            ownAgent.setSoTimeout(5_000);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            ownAgent.receive(packet);
            assertTrue(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)
                    .startsWith(XRayUdpSpanExporter.HEADER));
            ownAgent.setSoTimeout(300);
            assertThrows(
                    java.net.SocketTimeoutException.class,
                    () -> ownAgent.receive(new DatagramPacket(buffer, buffer.length)),
                    "one datagram, the one sent after priming");
        }
    }
}
