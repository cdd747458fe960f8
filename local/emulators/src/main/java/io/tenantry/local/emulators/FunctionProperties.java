package io.tenantry.local.emulators;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A function's configuration as Micronaut properties, for a context that runs it against a backend: each environment
 * variable as a property ({@code FOO_BAR} → {@code foo.bar}, as Micronaut maps environment variables), then the
 * backend's endpoints ({@code tenantry.endpoint.dynamodb}, {@code .sqs}, {@code .s3}, {@code .sts},
 * {@code .secretsmanager}, {@code .ses}), {@code tenantry.aws.region} and
 * credentials ({@code tenantry.aws.access-key-id}, {@code tenantry.aws.secret-access-key}), which win over variables of
 * the same name, and {@code tenantry.metering.delivery = in-process}: functions in one JVM hand their usage lines to
 * the aggregator themselves, where Lambda would deliver them through the log subscription (docs/metering.md). Shared
 * by the test kit and the local backend.
 */
public final class FunctionProperties {
    private FunctionProperties() {}

    public static Map<String, Object> of(Map<String, String> environment, AwsBackend backend) {
        Map<String, Object> properties = new LinkedHashMap<>();
        environment.forEach((name, value) -> properties.put(propertyName(name), value));
        Endpoints endpoints = backend.endpoints();
        properties.put("tenantry.endpoint.dynamodb", endpoints.dynamodb().toString());
        properties.put("tenantry.endpoint.sqs", endpoints.sqs().toString());
        properties.put("tenantry.endpoint.s3", endpoints.s3().toString());
        properties.put("tenantry.endpoint.sts", endpoints.sts().toString());
        properties.put(
                "tenantry.endpoint.secretsmanager", endpoints.secretsmanager().toString());
        properties.put("tenantry.endpoint.ses", endpoints.ses().toString());
        properties.put("tenantry.aws.region", backend.region().id());
        properties.put("tenantry.aws.access-key-id", backend.accessKeyId());
        properties.put("tenantry.aws.secret-access-key", backend.secretAccessKey());
        properties.put("tenantry.metering.delivery", "in-process");
        return Collections.unmodifiableMap(properties);
    }

    /** {@code FOO_BAR} → {@code foo.bar}, as Micronaut maps environment variables to properties. */
    public static String propertyName(String environmentVariable) {
        return environmentVariable.toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
