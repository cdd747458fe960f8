package io.tenantry.shared.aws;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place that builds AWS SDK clients, all on the lightweight URL-connection HTTP client and
 * all honouring the endpoint overrides of {@link AwsSettings}. Repositories receive clients; they
 * never build their own.
 */
@Factory
public class AwsClientFactory {
    private static final Duration SECRETS_MANAGER_CALL_TIMEOUT = Duration.ofSeconds(3);

    @Singleton
    SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder().build();
    }

    @Singleton
    AwsCredentialsProvider credentials(AwsSettings settings) {
        return settings.staticCredentials()
                .<AwsCredentialsProvider>map(
                        c -> StaticCredentialsProvider.create(AwsBasicCredentials.create(c[0], c[1])))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    @Singleton
    DynamoDbClient dynamoDb(AwsSettings settings, SdkHttpClient http, AwsCredentialsProvider credentials) {
        var builder = DynamoDbClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()));
        settings.endpoint("dynamodb").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * S3. With an endpoint override (LocalStack, the embedded s3proxy) requests are path-style, since
     * those hosts have no per-bucket DNS names, and checksums are sent and checked only where S3
     * requires them, since emulators do not all speak the newer flexible checksums.
     */
    @Singleton
    S3Client s3(AwsSettings settings, SdkHttpClient http, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()));
        settings.endpoint("s3")
                .ifPresent(endpoint -> builder.endpointOverride(endpoint)
                        .forcePathStyle(true)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return builder.build();
    }

    /**
     * Presigned S3 URLs, signed locally with the function's credentials (no request to AWS). With an
     * endpoint override the URLs point at it, path-style, like {@link #s3}.
     */
    @Singleton
    S3Presigner s3Presigner(AwsSettings settings, AwsCredentialsProvider credentials) {
        var builder = S3Presigner.builder().credentialsProvider(credentials).region(Region.of(settings.region()));
        settings.endpoint("s3")
                .ifPresent(endpoint -> builder.endpointOverride(endpoint)
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build()));
        return builder.build();
    }

    @Singleton
    SqsClient sqs(AwsSettings settings, SdkHttpClient http, AwsCredentialsProvider credentials) {
        var builder = SqsClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()));
        settings.endpoint("sqs").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * Secrets Manager, for the cursor keys. A call is bounded (the SDK's retries included) well inside a function's
     * timeout, so that an outage answers 503 rather than timing the request out.
     */
    @Singleton
    SecretsManagerClient secretsManager(AwsSettings settings, SdkHttpClient http, AwsCredentialsProvider credentials) {
        var builder = SecretsManagerClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()))
                .overrideConfiguration(c -> c.apiCallTimeout(SECRETS_MANAGER_CALL_TIMEOUT));
        settings.endpoint("secretsmanager").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
