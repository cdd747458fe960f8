package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** The embedded emulators themselves, whatever backend the rest of the suite uses. */
class EmbeddedAwsIT {
    private static final String BUCKET = "embedded-presign-test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static AwsClients clients;

    @BeforeAll
    static void start() {
        clients = AwsClients.of(SharedBackends.embedded());
        clients.s3().createBucket(r -> r.bucket(BUCKET));
    }

    @Test
    void endpoints_areLoopbackWithDistinctPorts() {
        Endpoints endpoints = SharedBackends.embedded().endpoints();
        assertEquals("127.0.0.1", endpoints.dynamodb().getHost());
        assertEquals("127.0.0.1", endpoints.sqs().getHost());
        assertEquals("127.0.0.1", endpoints.s3().getHost());
        assertEquals(
                3,
                java.util.Set.of(
                                endpoints.dynamodb().getPort(),
                                endpoints.sqs().getPort(),
                                endpoints.s3().getPort())
                        .size());
        assertTrue(SharedBackends.embedded().startupTime().isPositive());
    }

    @Test
    void presignedPut_withValidSignature_storesTheObject() throws Exception {
        URI url = presignPut("valid.txt").url().toURI();
        assertEquals(200, put(url, "hello"));
        assertEquals(
                "hello",
                clients.s3()
                        .getObjectAsBytes(r -> r.bucket(BUCKET).key("valid.txt"))
                        .asUtf8String());
    }

    @Test
    void presignedPut_withTamperedSignature_gets403() throws Exception {
        String url = presignPut("tampered.txt").url().toString();
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char flipped = url.charAt(at) == '0' ? '1' : '0';
        URI tampered = URI.create(url.substring(0, at) + flipped + url.substring(at + 1));
        assertEquals(403, put(tampered, "evil"));
    }

    @Test
    void presignedPut_forAnotherKey_gets403() throws Exception {
        URI url = URI.create(presignPut("granted.txt").url().toString().replace("/granted.txt", "/other.txt"));
        assertEquals(403, put(url, "evil"));
    }

    private static PresignedPutObjectRequest presignPut(String key) {
        return clients.s3Presigner()
                .presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                        .putObjectRequest(p -> p.bucket(BUCKET).key(key)));
    }

    private static int put(URI url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
