package io.tenantry.shared.aws;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 client and presigner, for the functions whose module declares {@code software.amazon.awssdk:s3} (the SDK's
 * S3 jar is optional in the shared kernel: a function that never touches S3 does not carry it). Built like every
 * client of {@link AwsClientFactory}: its HTTP client, the tenant's credentials inside a {@link TenantScope}, the
 * endpoint overrides of {@link AwsSettings}.
 */
@Factory
@Requires(classes = S3Client.class)
public class S3ClientFactory {

    /**
     * S3. With an endpoint override (LocalStack, the embedded s3proxy) requests are path-style, since
     * those hosts have no per-bucket DNS names, and checksums are sent and checked only where S3
     * requires them, since emulators do not all speak the newer flexible checksums.
     */
    @Singleton
    S3Client s3(
            AwsSettings settings,
            SdkHttpClient http,
            AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        var builder = S3Client.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()))
                .overrideConfiguration(AwsClientFactory.S3.configuration(interceptors));
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
}
