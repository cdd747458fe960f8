package io.tenantry.shared.metrics;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * Where metrics go, from the environment the template sets: {@code POWERTOOLS_METRICS_NAMESPACE}
 * (default {@code Tenantry}), {@code POWERTOOLS_SERVICE_NAME} (the {@code Service} dimension, the
 * stack's name; default {@code tenantry}) and Lambda's {@code AWS_LAMBDA_INITIALIZATION_TYPE}
 * ({@code snap-start} makes an instance's first invocation count as a SnapStart restore, anything
 * else as a cold start), {@code AWS_LAMBDA_FUNCTION_NAME} and {@code AWS_LAMBDA_FUNCTION_VERSION} (the
 * {@code FunctionVersion} dimension of a 5xx; none where Lambda does not set them). {@code
 * POWERTOOLS_METRICS_DISABLED=true} turns emission off (Powertools reads it).
 */
@Singleton
public final class MetricsSettings {
    static final String DEFAULT_NAMESPACE = "Tenantry";
    static final String DEFAULT_SERVICE = "tenantry";

    private final String namespace;
    private final String service;
    private final boolean snapStart;
    private final String functionVersion;

    public MetricsSettings(
            @Value("${powertools.metrics.namespace:Tenantry}") String namespace,
            @Value("${powertools.service.name:tenantry}") String service,
            @Value("${aws.lambda.initialization.type:on-demand}") String initializationType,
            @Value("${aws.lambda.function.name:}") String functionName,
            @Value("${aws.lambda.function.version:}") String version) {
        this.namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.strip();
        this.service = service == null || service.isBlank() ? DEFAULT_SERVICE : service.strip();
        this.snapStart = "snap-start".equals(initializationType);
        this.functionVersion = functionName == null || functionName.isBlank() || version == null || version.isBlank()
                ? null
                : functionName.strip() + ":" + version.strip();
    }

    public String namespace() {
        return namespace;
    }

    public String service() {
        return service;
    }

    /** {@code <function name>:<version>} as Lambda runs it, or null outside Lambda. */
    public String functionVersion() {
        return functionVersion;
    }

    /** True when Lambda restores this function's instances from a SnapStart snapshot. */
    public boolean snapStart() {
        return snapStart;
    }
}
