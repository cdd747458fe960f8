package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.metrics.MetricLine;
import io.tenantry.shared.metrics.MetricNames;
import io.tenantry.shared.metrics.MetricsEmitter;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * What the handler adds to the one DynamoDB read a request needs: {@code GET /v1/projects/{id}} through its handler
 * (the event, the caller's claims, the membership gate, the rate limiter, metering, the repository's read with the
 * tenant's credentials, the response), side by side in one process with a bare {@code DynamoDbClient.getItem} of the
 * same item, against the same DynamoDB Local. The two alternate, one call each per round, so that both see the same
 * machine. The handler runs as deployed (membership cache 4 s, rate limiting on, an enterprise tenant so that the
 * loop stays within its rate, usage lines printed for the log subscription), and every AWS call its context makes is
 * counted by operation. A third line times the request's metrics line alone ({@code MetricsEmitter.emit}: Powertools
 * and the EMF library), the largest part of what the handler adds, by a profile of this benchmark.
 *
 * <p>Not a test: it asserts only that the calls succeed. Run with
 *
 * <pre>./mvnw -q -Pbench test -pl functions/projects -am -Dtest=HandlerOverheadBenchmark</pre>
 *
 * which writes {@code functions/projects/target/handler-overhead.txt}; docs/BENCHMARKS.md keeps the numbers.
 */
@EmulatedAws
class HandlerOverheadBenchmark {
    static final int WARM_UP = 2_000;
    static final int MEASURED = 5_000;

    /** AWS calls of the handler's context, by {@code Service.Operation}. */
    static final class CallCounter implements ExecutionInterceptor {
        final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String name = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            calls.computeIfAbsent(name, n -> new LongAdder()).increment();
        }

        Map<String, Long> snapshot() {
            Map<String, Long> counts = new TreeMap<>();
            calls.forEach((name, count) -> counts.put(name, count.sum()));
            return counts;
        }
    }

    @Test
    void getProject_throughItsHandler_besideABareGetItem(AwsEnvironment aws) throws IOException {
        // The EMF library logs three notices a request about the local environment it finds; on Lambda it finds
        // Lambda's and says nothing (docs/BENCHMARKS.md, "The handler's overhead").
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("software.amazon.cloudwatchlogs.emf.environment"))
                .setLevel(Level.WARN);
        CallCounter counter = new CallCounter();
        // As deployed: usage lines printed for the log subscription (the fixtures otherwise count them in process).
        try (ProjectsFixture fixture = new ProjectsFixture(aws, Map.of("tenantry.metering.delivery", "log"), counter);
                DynamoDbClient bare = aws.dynamoDb(new ExecutionInterceptor() {})) {
            SeededTenant tenant = fixture.tenants.create(Plan.ENTERPRISE);
            String id = fixture.createProject(tenant, "Measured");
            GetItemRequest read = GetItemRequest.builder()
                    .tableName(fixture.context.getBean(TableSettings.class).name())
                    .key(Map.of(
                            Keys.PK, AttributeValue.fromS("TENANT#" + tenant.tenantId()),
                            Keys.SK, AttributeValue.fromS("PROJECT#" + id)))
                    .build();
            assertEquals(id, bare.getItem(read).item().get("id").s(), "the bare read finds the same item");

            long[] handler = new long[MEASURED];
            long[] getItem = new long[MEASURED];
            long[] metrics = new long[MEASURED];
            MetricsEmitter emitter = fixture.context.getBean(MetricsEmitter.class);
            Map<String, Long> before;
            PrintStream out = System.out;
            // The usage, log and metrics lines go where Lambda's log pipe would take them, without a reader to wait
            // for (and out of the test report), from the warm-up on.
            System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
            try {
                for (int i = 0; i < WARM_UP; i++) {
                    handler(fixture, tenant, id);
                    bare.getItem(read);
                    emitter.emit(requestLine(tenant.tenantId(), i));
                }
                before = counter.snapshot();
                for (int i = 0; i < MEASURED; i++) {
                    // The event is built, and the answer checked, outside the timed call.
                    APIGatewayV2HTTPEvent event =
                            fixture.onProject(tenant, "viewer", "GET", id).build();
                    long started = System.nanoTime();
                    APIGatewayV2HTTPResponse response = fixture.get.handleRequest(event, null);
                    handler[i] = System.nanoTime() - started;
                    assertEquals(200, response.getStatusCode(), response::getBody);
                    started = System.nanoTime();
                    bare.getItem(read);
                    getItem[i] = System.nanoTime() - started;
                    started = System.nanoTime();
                    emitter.emit(requestLine(tenant.tenantId(), i));
                    metrics[i] = System.nanoTime() - started;
                }
            } finally {
                System.setOut(out);
            }
            String report = report(handler, getItem, metrics, before, counter.snapshot());
            Files.writeString(Path.of("target", "handler-overhead.txt"), report);
            System.out.println(report);
        }
    }

    private static void handler(ProjectsFixture fixture, SeededTenant tenant, String id) {
        ApiResult result = ApiResult.call(fixture.get, fixture.onProject(tenant, "viewer", "GET", id));
        assertEquals(200, result.status(), result::toString);
    }

    /** The metrics line a request writes ({@code FunctionMetrics.requestServed}), on its own. */
    private static MetricLine requestLine(String tenantId, int i) {
        return MetricLine.create()
                .dimension(MetricNames.ROUTE, "GET:/v1/projects/{projectId}")
                .dimension(MetricNames.PLAN, "enterprise")
                .count(MetricNames.REQUESTS, 1)
                .milliseconds(MetricNames.LATENCY, 3.5)
                .count(MetricNames.CLIENT_ERRORS, 0)
                .count(MetricNames.SERVER_ERRORS, 0)
                .count(MetricNames.THROTTLES, 0)
                .property(MetricNames.TENANT_ID, tenantId)
                .property(MetricNames.REQUEST_ID, "bench-" + i)
                .property(MetricNames.STATUS_CODE, 200);
    }

    static String report(
            long[] handler, long[] getItem, long[] metrics, Map<String, Long> before, Map<String, Long> after) {
        double[] h = percentiles(handler);
        double[] g = percentiles(getItem);
        double[] m = percentiles(metrics);
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "GET /v1/projects/{id} through its handler beside a bare GetItem of the same item, DynamoDB Local,"
                        + " %d rounds after %d of warm-up (load %s)%n"
                        + "%-22s %10s %10s %10s%n"
                        + "%-22s %10.3f %10.3f %10.3f%n"
                        + "%-22s %10.3f %10.3f %10.3f%n"
                        + "%-22s %10.2f %10.2f %10.2f%n"
                        + "%-22s %10.3f %10.3f %10.3f%n",
                handler.length,
                WARM_UP,
                loadAverage(),
                "",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "handler",
                h[0],
                h[1],
                h[2],
                "bare GetItem",
                g[0],
                g[1],
                g[2],
                "ratio",
                h[0] / g[0],
                h[1] / g[1],
                h[2] / g[2],
                "its metrics line alone",
                m[0],
                m[1],
                m[2]));
        out.append("AWS calls of the handler's context per request:");
        after.forEach((name, count) -> {
            long calls = count - before.getOrDefault(name, 0L);
            if (calls > 0) {
                out.append(String.format(Locale.ROOT, " %s %.4f", name, calls / (double) handler.length));
            }
        });
        return out.append('\n').toString();
    }

    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {
            sorted[sorted.length / 2] / 1e6,
            sorted[sorted.length * 9 / 10] / 1e6,
            sorted[sorted.length * 99 / 100] / 1e6
        };
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
