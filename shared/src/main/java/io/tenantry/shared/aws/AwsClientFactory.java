package io.tenantry.shared.aws;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one place that builds AWS SDK clients, all on the lightweight URL-connection HTTP client and
 * all honouring the endpoint overrides of {@link AwsSettings}. Repositories receive clients; they
 * never build their own.
 */
@Factory
public class AwsClientFactory {

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

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
