package io.tenantry.local.emulators;

import static io.tenantry.local.emulators.TenantSessions.TENANT_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The local S3 answers a browser's CORS preflight by the rule it was started with, as S3 answers by a bucket's CORS
 * configuration: a page of an allowed origin may PUT an object with its content type, to the presigned URL a tenant
 * session signed (a preflight carries the URL's query but is never authorized, in S3 as here); another origin, or
 * another method, is refused.
 */
class S3CorsIT {
    private static final String ALLOWED = "http://localhost:5173";
    private static final String BUCKET = "cors-media";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedAws aws;
    private static AwsClients base;
    private static TenantSessions sessions;
    private static AwsClients tenant;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(
                null,
                new BucketCors(List.of(ALLOWED), List.of("GET", "PUT"), List.of("content-type"), List.of("etag")));
        base = AwsClients.of(aws);
        base.s3().createBucket(r -> r.bucket(BUCKET));
        sessions = new TenantSessions(aws, "cors-table", BUCKET);
        tenant = sessions.clients(TENANT_A, null);
    }

    @AfterAll
    static void stop() throws Exception {
        tenant.close();
        base.close();
        sessions.close();
        aws.close();
    }

    @Test
    void preflight_fromTheAllowedOrigin_ofATenantsPresignedPut_isAllowed() throws Exception {
        HttpResponse<Void> answer = preflight(presignedPut(), ALLOWED, "PUT");
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
        HttpResponse<Void> otherOrigin = preflight(presignedPut(), "http://localhost:5174", "PUT");
        assertNotEquals(200, otherOrigin.statusCode());
        assertTrue(
                otherOrigin.headers().firstValue("access-control-allow-origin").isEmpty());
        assertNotEquals(200, preflight(presignedPut(), ALLOWED, "DELETE").statusCode());
    }

    @Test
    void headBucket_byATenantSession_isStillDenied() {
        assertEquals(
                403,
                assertThrows(S3Exception.class, () -> tenant.s3().headBucket(r -> r.bucket(BUCKET)))
                        .statusCode());
    }

    private static URI presignedPut() throws Exception {
        return tenant.s3Presigner()
                .presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                        .putObjectRequest(p -> p.bucket(BUCKET)
                                .key("tenants/" + TENANT_A + "/media/m/original")
                                .contentType("image/png")))
                .url()
                .toURI();
    }

    private static HttpResponse<Void> preflight(URI url, String origin, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "content-type")
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding());
    }
}
