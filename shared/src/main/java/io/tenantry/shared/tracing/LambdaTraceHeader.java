package io.tenantry.shared.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The X-Ray trace header Lambda gives each invocation ({@code Root=…;Parent=…;Sampled=1}), as the parent of the
 * invocation's spans. Lambda's Java runtime sets it in the system property {@value #PROPERTY} for each invocation (the
 * environment variable {@value #VARIABLE} holds it too, where a runtime sets one). Its {@code Sampled} flag is Lambda's
 * sampling decision, which the spans follow: an invocation Lambda does not trace records none.
 *
 * <p>While a priming run is under way (before a SnapStart snapshot, outside any invocation), the header is {@link
 * #PRIMING}: a sampled trace of its own, so the priming requests record their spans and the span path (attributes,
 * the OTLP encoding) is warm for the first sampled invocation. {@link XRayUdpSpanExporter} sends nothing of it.
 */
final class LambdaTraceHeader {
    static final String PROPERTY = "com.amazonaws.xray.traceHeader";
    static final String VARIABLE = "_X_AMZN_TRACE_ID";
    /** The trace of priming runs: sampled, with ids no X-Ray trace has (its spans are never sent). */
    static final String PRIMING = "Root=1-00000000-000000000000000000000001;Parent=0000000000000001;Sampled=1";

    private static final String HEADER = "X-Amzn-Trace-Id";

    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equalsIgnoreCase(key) ? carrier : null;
        }
    };

    private final Supplier<String> header;

    LambdaTraceHeader(Supplier<String> header) {
        this.header = header;
    }

    /** The header of the invocation running now, from Lambda's runtime; {@link #PRIMING} while {@code priming}. */
    static LambdaTraceHeader fromRuntime(BooleanSupplier priming) {
        return new LambdaTraceHeader(() -> {
            if (priming.getAsBoolean()) {
                return PRIMING;
            }
            String property = System.getProperty(PROPERTY);
            return property != null && !property.isBlank() ? property : System.getenv(VARIABLE);
        });
    }

    /** The invocation's trace as a parent context; the root context (no parent) when there is no header. */
    Context parent() {
        String value = header.get();
        if (value == null || value.isBlank()) {
            return Context.root();
        }
        return AwsXrayPropagator.getInstance().extract(Context.root(), value, GETTER);
    }
}
