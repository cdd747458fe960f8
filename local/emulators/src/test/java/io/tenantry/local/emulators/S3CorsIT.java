package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local S3 answers a browser's CORS preflight by the rule it was started with, as S3 answers by a bucket's CORS
 * configuration: a page of an allowed origin may PUT an object with its content type; another origin, or another
 * method, is refused.
 */
class S3CorsIT {
    private static final String ALLOWED = "http://localhost:5173";
    private static final String BUCKET = "cors-media";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalSts sts;
    private static S3ProxyServer s3;

    @BeforeAll
    static void start() throws Exception {
        sts = LocalSts.start();
        s3 = S3ProxyServer.start(
                null,
                "cors-key",
                "cors-secret",
                () -> null,
                sts,
                new BucketCors(List.of(ALLOWED), List.of("GET", "PUT"), List.of("content-type"), List.of("etag")));
        try (S3Client client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("cors-key", "cors-secret")))
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .build()) {
            client.createBucket(r -> r.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        sts.close();
    }

    @Test
    void preflight_fromTheAllowedOrigin_forAPutWithItsContentType_isAllowed() throws Exception {
        HttpResponse<Void> answer = preflight(ALLOWED, "PUT");
        assertEquals(200, answer.statusCode());
        assertEquals(
                ALLOWED,
                answer.headers().firstValue("access-control-allow-origin").orElse(null));
        assertTrue(answer.headers()
                .firstValue("access-control-allow-methods")
                .orElse("")
                .contains("PUT"));
    }

    @Test
    void preflight_fromAnotherOrigin_orForAnotherMethod_isRefused() throws Exception {
        HttpResponse<Void> otherOrigin = preflight("http://localhost:5174", "PUT");
        assertNotEquals(200, otherOrigin.statusCode());
        assertTrue(
                otherOrigin.headers().firstValue("access-control-allow-origin").isEmpty());
        assertNotEquals(200, preflight(ALLOWED, "DELETE").statusCode());
    }

    private static HttpResponse<Void> preflight(String origin, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(s3.endpoint() + "/" + BUCKET + "/tenants/t/original"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "content-type")
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding());
    }
}
