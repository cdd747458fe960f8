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
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The SES (v2) client, for the function whose module declares {@code software.amazon.awssdk:sesv2}: the email worker.
 * The SDK's SES jar is optional in the shared kernel, so no other artifact carries it. Always with the function's own
 * role, whose policy allows {@code ses:SendEmail} from the configured address only; the interceptors every client has
 * (the spans of AWS calls, the priming guard) and a budget of 3 attempts, 5 s each, 12 s in all, like S3's
 * (docs/reliability.md).
 */
@Factory
@Requires(classes = SesV2Client.class)
public class SesClientFactory {

    @Singleton
    SesV2Client ses(
            AwsSettings settings,
            SdkHttpClient http,
            @Named(AwsClientFactory.FUNCTION_ROLE) AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        var builder = SesV2Client.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()))
                .overrideConfiguration(AwsClientFactory.SES.configuration(interceptors));
        settings.endpoint("ses").ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
