package io.tenantry.deploys.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * One AWS API over plain HTTPS, signed with SigV4 by the SDK's own signer and sent with the SDK's HTTP client: the
 * hook needs two calls (Lambda's Invoke, CodeDeploy's PutLifecycleEventHookExecutionStatus) and no service client.
 */
public final class SignedAwsCall {
    /** What a call answered: the HTTP status, one header's value when asked for, and the body. */
    public record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final URI endpoint;
    private final String signingName;
    private final String region;

    public SignedAwsCall(
            SdkHttpClient http, AwsCredentialsProvider credentials, URI endpoint, String signingName, String region) {
        this.http = http;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.signingName = signingName;
        this.region = region;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** POSTs {@code body} to {@code encodedPath} (already percent-encoded) with the given headers. */
    public Answer post(String encodedPath, Map<String, String> headers, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath(encodedPath)
                .putHeader("Content-Length", Integer.toString(bytes.length));
        headers.forEach(request::putHeader);
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                            .request(signed.request())
                            .contentStreamProvider(signed.payload().orElse(null))
                            .build())
                    .call();
            String text = "";
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Answer(
                    response.httpResponse().statusCode(),
                    response.httpResponse().headers(),
                    text);
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + endpoint + encodedPath + " failed", e);
        }
    }
}
