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
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS client, for the functions whose module declares {@code software.amazon.awssdk:sqs}: the workers (dead
 * letters), and the routes that publish events or ask for emails. The SDK's SQS jar is optional in the shared
 * kernel. Always with the function's own role, like in {@link AwsClientFactory}.
 */
@Factory
@Requires(classes = SqsClient.class)
public class SqsClientFactory {

    @Singleton
    SqsClient sqs(
            AwsSettings settings,
            SdkHttpClient http,
            @Named(AwsClientFactory.FUNCTION_ROLE) AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        var builder = SqsClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()))
                .overrideConfiguration(AwsClientFactory.SQS.configuration(interceptors));
        settings.endpoint("sqs").ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
