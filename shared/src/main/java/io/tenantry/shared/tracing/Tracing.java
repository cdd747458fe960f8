package io.tenantry.shared.tracing;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tenantry.shared.aws.TenantScope;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Singleton;

/**
 * The function's tracer: spans only inside an invocation Lambda sampled (a parent-based sampler whose roots are
 * off: Lambda's {@code Sampled} flag decides, so tracing costs what Lambda's own sampling costs), sent to the X-Ray
 * agent at {@code AWS_XRAY_DAEMON_ADDRESS}, which Lambda sets for a function with active tracing. Without it (the
 * local backend, tests) nothing is sent. Priming runs record spans under a trace of their own and send none of them
 * ({@link LambdaTraceHeader#PRIMING}). docs/operations.md ("Traces") says what a trace shows and what it costs.
 */
@Factory
public class Tracing {
    static final String INSTRUMENTATION = "io.tenantry";
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> CLOUD_PROVIDER = AttributeKey.stringKey("cloud.provider");

    /** Closed with the function's context, which closes the agent's socket. */
    @Singleton
    @Bean(preDestroy = "close")
    SdkTracerProvider tracerProvider(
            @Value("${aws.xray.daemon.address:}") String agent,
            @Value("${aws.lambda.function.name:}") String function,
            PrimingGuard guard) {
        var builder = SdkTracerProvider.builder()
                .setSampler(Sampler.parentBased(Sampler.alwaysOff()))
                .setResource(Resource.create(Attributes.of(
                        SERVICE_NAME,
                        function == null || function.isBlank() ? "tenantry" : function.strip(),
                        CLOUD_PROVIDER,
                        "aws")));
        if (agent != null && !agent.isBlank()) {
            builder.addSpanProcessor(SimpleSpanProcessor.create(XRayUdpSpanExporter.at(agent, guard::active)));
        }
        return builder.build();
    }

    @Singleton
    AwsCallSpans awsCallSpans(SdkTracerProvider provider, CurrentRoute route, TenantScope scope, PrimingGuard guard) {
        return new AwsCallSpans(
                provider.get(INSTRUMENTATION), LambdaTraceHeader.fromRuntime(guard::active), route, scope);
    }
}
