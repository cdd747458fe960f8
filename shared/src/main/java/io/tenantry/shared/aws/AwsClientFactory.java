package io.tenantry.shared.aws;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the AWS SDK clients every function has (DynamoDB, STS), all on the lightweight URL-connection HTTP client
 * and all honouring the endpoint overrides of {@link AwsSettings}. Repositories receive clients; they never build
 * their own. The clients of the services only some functions use are built by {@link S3ClientFactory}, {@link
 * SqsClientFactory}, {@link SecretsManagerClientFactory} and {@link SesClientFactory} with this factory's budgets, each present only where its
 * module declares the service's SDK jar (docs/artifacts.md).
 *
 * <p>Two kinds of credentials: the function's own ({@value #FUNCTION_ROLE}), and the default ones of
 * the DynamoDB and S3 clients and the presigner, which are the tenant's scoped credentials inside a
 * {@link TenantScope} and the function's own outside it. Code that must reach the shared key spaces
 * (identities, rate buckets, usage) from inside a tenant's scope takes the client named {@value
 * #FUNCTION_ROLE}, in plain sight.
 */
@Factory
public class AwsClientFactory {
    /** The name of the beans that always act with the function's own role. */
    public static final String FUNCTION_ROLE = "function-role";

    /**
     * Every call's retries and time limits, chosen so that a call gives up well inside a function's timeout (API
     * functions: 15 s) and the route answers 503 with {@code Retry-After} rather than timing out. The SDK's standard
     * retry mode: 3 attempts, exponential back-off with jitter, throttling errors backed off longer; each attempt
     * bounded, and the whole call with its retries. See docs/reliability.md.
     */
    static final CallBudget DYNAMODB = new CallBudget(3, Duration.ofSeconds(2), Duration.ofSeconds(6));

    static final CallBudget SQS = new CallBudget(3, Duration.ofSeconds(2), Duration.ofSeconds(6));
    static final CallBudget S3 = new CallBudget(3, Duration.ofSeconds(5), Duration.ofSeconds(12));
    static final CallBudget STS = new CallBudget(3, Duration.ofSeconds(1), Duration.ofSeconds(3));
    static final CallBudget SECRETS_MANAGER = new CallBudget(3, Duration.ofSeconds(1), Duration.ofSeconds(3));
    static final CallBudget SES = new CallBudget(3, Duration.ofSeconds(5), Duration.ofSeconds(12));

    /** Attempts per call (the first included), and the limits of one attempt and of the whole call. */
    record CallBudget(int attempts, Duration attemptTimeout, Duration callTimeout) {
        ClientOverrideConfiguration configuration() {
            return configuration(List.of());
        }

        /**
         * The budget, and the interceptors every client has: the beans of type {@link ExecutionInterceptor}, which are
         * the spans of AWS calls ({@code io.tenantry.shared.tracing.AwsCallSpans}).
         */
        ClientOverrideConfiguration configuration(List<ExecutionInterceptor> interceptors) {
            return ClientOverrideConfiguration.builder()
                    .executionInterceptors(interceptors)
                    .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(attempts)
                            .build())
                    .apiCallAttemptTimeout(attemptTimeout)
                    .apiCallTimeout(callTimeout)
                    .build();
        }
    }

    @Singleton
    SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder().build();
    }

    @Singleton
    @Named(FUNCTION_ROLE)
    AwsCredentialsProvider functionCredentials(AwsSettings settings) {
        return settings.staticCredentials()
                .<AwsCredentialsProvider>map(
                        c -> StaticCredentialsProvider.create(AwsBasicCredentials.create(c[0], c[1])))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    /** The function's own credentials outside a tenant's scope, the tenant's inside it. */
    @Singleton
    @Primary
    AwsCredentialsProvider scopedCredentials(
            TenantScope scope, TenantCredentials tenants, @Named(FUNCTION_ROLE) AwsCredentialsProvider own) {
        return new ScopedCredentialsProvider(scope, tenants, own);
    }

    /** STS, for tenant-scoped credentials; always with the function's own credentials. */
    @Singleton
    StsClient sts(
            AwsSettings settings,
            SdkHttpClient http,
            @Named(FUNCTION_ROLE) AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        var builder = StsClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()))
                .overrideConfiguration(STS.configuration(interceptors));
        settings.endpoint("sts").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Singleton
    @Primary
    DynamoDbClient dynamoDb(
            AwsSettings settings,
            SdkHttpClient http,
            AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        return dynamoDbWith(settings, http, credentials, interceptors);
    }

    /** DynamoDB with the function's own role, for the shared key spaces, whatever the thread's scope. */
    @Singleton
    @Named(FUNCTION_ROLE)
    DynamoDbClient functionRoleDynamoDb(
            AwsSettings settings,
            SdkHttpClient http,
            @Named(FUNCTION_ROLE) AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        return dynamoDbWith(settings, http, credentials, interceptors);
    }

    private static DynamoDbClient dynamoDbWith(
            AwsSettings settings,
            SdkHttpClient http,
            AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        var builder = DynamoDbClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()))
                .overrideConfiguration(DYNAMODB.configuration(interceptors));
        settings.endpoint("dynamodb").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
