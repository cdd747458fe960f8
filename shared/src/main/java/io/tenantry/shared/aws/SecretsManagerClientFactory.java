package io.tenantry.shared.aws;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Secrets Manager client, for the functions whose module declares {@code software.amazon.awssdk:secretsmanager}:
 * those with a paginated list (the cursor keys) and the webhooks (signing keys). The SDK's Secrets Manager jar is
 * optional in the shared kernel.
 */
@Factory
@Requires(classes = SecretsManagerClient.class)
public class SecretsManagerClientFactory {

    /**
     * Secrets Manager, for the cursor keys. A call is bounded (the SDK's retries included) well inside a function's
     * timeout, so that an outage answers 503 rather than timing the request out. With the function's own role:
     * the cursor keys are read inside a tenant's scope, whose credentials reach no secret.
     */
    @Singleton
    SecretsManagerClient secretsManager(
            AwsSettings settings,
            SdkHttpClient http,
            @Named(AwsClientFactory.FUNCTION_ROLE) AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        var builder = SecretsManagerClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()))
                .overrideConfiguration(AwsClientFactory.SECRETS_MANAGER.configuration(interceptors));
        settings.endpoint("secretsmanager").ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
