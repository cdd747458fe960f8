package io.tenantry.notifications.repository;

import io.micronaut.context.annotation.Factory;
import io.tenantry.shared.aws.AwsSettings;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * SES (v2) for the email worker alone, so that no other artifact carries its SDK module: the shared HTTP client,
 * region and endpoint override ({@code tenantry.endpoint.ses}: the local backend's stand-in). The worker acts
 * outside any tenant's scope, so the default credentials are the function's own, whose policy allows
 * {@code ses:SendEmail} from the configured address only. A send is bounded like the other services' calls
 * (docs/reliability.md): 3 attempts, 5 s each, 12 s in all.
 */
@Factory
public class SesClientFactory {
    @Singleton
    SesV2Client ses(AwsSettings settings, SdkHttpClient http, AwsCredentialsProvider credentials) {
        var builder = SesV2Client.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(3)
                                .build())
                        .apiCallAttemptTimeout(Duration.ofSeconds(5))
                        .apiCallTimeout(Duration.ofSeconds(12))
                        .build());
        settings.endpoint("ses").ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
