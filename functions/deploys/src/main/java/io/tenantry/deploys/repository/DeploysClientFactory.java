package io.tenantry.deploys.repository;

import io.micronaut.context.annotation.Factory;
import io.tenantry.shared.aws.AwsSettings;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The hook's two AWS endpoints, on the shared HTTP client and credentials, honouring the same endpoint overrides as
 * every SDK client ({@code tenantry.endpoint.lambda}, {@code AWS_ENDPOINT_URL_CODEDEPLOY}, ...).
 */
@Factory
public class DeploysClientFactory {

    @Singleton
    @Named("lambda")
    SignedAwsCall lambda(AwsSettings settings, SdkHttpClient http, AwsCredentialsProvider credentials) {
        return call(settings, http, credentials, "lambda");
    }

    @Singleton
    @Named("codedeploy")
    SignedAwsCall codeDeploy(AwsSettings settings, SdkHttpClient http, AwsCredentialsProvider credentials) {
        return call(settings, http, credentials, "codedeploy");
    }

    private static SignedAwsCall call(
            AwsSettings settings, SdkHttpClient http, AwsCredentialsProvider credentials, String service) {
        String region = settings.region();
        String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        URI endpoint = settings.endpoint(service)
                .orElseGet(() -> URI.create("https://" + service + "." + region + "." + domain));
        return new SignedAwsCall(http, credentials, endpoint, service, region);
    }
}
