package io.tenantry.local.emulators;

import static io.tenantry.local.emulators.TenantSessions.TENANT_A;
import static io.tenantry.local.emulators.TenantSessions.TENANT_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.iam.TenantPolicies.Access;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * s3proxy verifies a tenant session's signatures with the session's secret and refuses its calls outside
 * {@code tenants/<tenant>/}, as IAM would with the tenant policy; each refusal is paired with its allowed twin.
 */
class S3SessionEnforcementIT {
    private static final String BUCKET = "enforcement-media";
    private static final String OWN = "tenants/" + TENANT_A + "/";
    private static final String FOREIGN = "tenants/" + TENANT_B + "/";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TenantSessions sessions;
    private static AwsClients base;
    private static AwsClients tenantA;

    @BeforeAll
    static void createBucketAndSessions() {
        EmbeddedAws aws = SharedBackends.embedded();
        base = AwsClients.of(aws);
        base.s3().createBucket(r -> r.bucket(BUCKET));
        base.s3().putObject(r -> r.bucket(BUCKET).key(OWN + "seeded.txt"), RequestBody.fromString("own"));
        base.s3().putObject(r -> r.bucket(BUCKET).key(FOREIGN + "seeded.txt"), RequestBody.fromString("foreign"));
        sessions = new TenantSessions(aws, "enforcement-table", BUCKET);
        tenantA = sessions.clients(TENANT_A, null);
    }

    @AfterAll
    static void close() {
        tenantA.close();
        base.close();
        sessions.close();
    }

    @Test
    void putGetAndDelete_underOwnPrefix_succeed_andUnderAnotherTenants_areAccessDenied() {
        s3().putObject(r -> r.bucket(BUCKET).key(OWN + "a.txt"), RequestBody.fromString("mine"));
        assertEquals(
                "mine",
                s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(OWN + "a.txt")).asUtf8String());
        assertEquals(
                4L, s3().headObject(r -> r.bucket(BUCKET).key(OWN + "a.txt")).contentLength());
        s3().deleteObject(r -> r.bucket(BUCKET).key(OWN + "a.txt"));
        assertEquals(
                404,
                assertThrows(
                                S3Exception.class,
                                () -> base.s3().headObject(r -> r.bucket(BUCKET).key(OWN + "a.txt")))
                        .statusCode());

        denied(() -> s3().putObject(r -> r.bucket(BUCKET).key(FOREIGN + "a.txt"), RequestBody.fromString("evil")));
        denied(() -> s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(FOREIGN + "seeded.txt")));
        denied(() -> s3().deleteObject(r -> r.bucket(BUCKET).key(FOREIGN + "seeded.txt")));
        assertEquals(
                "foreign",
                base.s3()
                        .getObjectAsBytes(r -> r.bucket(BUCKET).key(FOREIGN + "seeded.txt"))
                        .asUtf8String());
        assertEquals(
                404,
                assertThrows(
                                S3Exception.class,
                                () -> base.s3().headObject(r -> r.bucket(BUCKET).key(FOREIGN + "a.txt")))
                        .statusCode());
    }

    /**
     * A refused put of a body too large to be on the wire before the answer (4 MB, sent after {@code Expect:
     * 100-continue}) is a 403, every time, like the same put under the session's own prefix is a success: the store
     * reads the body before refusing, so the client is never cut off mid-write (which it would report as a failed
     * request instead of the refusal).
     */
    @Test
    void aRefusedLargePut_isAnAccessDenied_notACutConnection_whileTheSamePutOfItsOwnKeySucceeds() {
        byte[] body = new byte[4 * 1024 * 1024];
        for (int i = 0; i < 5; i++) {
            denied(() -> s3().putObject(r -> r.bucket(BUCKET).key(FOREIGN + "large.bin"), RequestBody.fromBytes(body)));
        }
        s3().putObject(r -> r.bucket(BUCKET).key(OWN + "large.bin"), RequestBody.fromBytes(body));
        assertEquals(
                body.length,
                s3().headObject(r -> r.bucket(BUCKET).key(OWN + "large.bin")).contentLength());
    }

    @Test
    void listObjects_withOwnPrefix_lists_andWithTheTenantsFolderOrNoPrefix_isAccessDenied() {
        assertTrue(s3().listObjectsV2(r -> r.bucket(BUCKET).prefix(OWN)).contents().stream()
                .allMatch(o -> o.key().startsWith(OWN)));
        assertTrue(s3().listObjectsV2(r -> r.bucket(BUCKET).prefix(OWN)).keyCount() > 0);

        denied(() -> s3().listObjectsV2(r -> r.bucket(BUCKET).prefix("tenants/")));
        denied(() -> s3().listObjectsV2(r -> r.bucket(BUCKET)));
        denied(() -> s3().listObjectsV2(r -> r.bucket(BUCKET).prefix(FOREIGN)));
    }

    @Test
    void bucketCalls_areAccessDeniedToASession_whileTheBaseCredentialsMakeThem() {
        denied(() -> s3().createBucket(r -> r.bucket("tenant-made-bucket")));
        denied(() -> s3().listBuckets());
        assertTrue(base.s3().listBuckets().buckets().stream()
                .anyMatch(b -> b.name().equals(BUCKET)));
    }

    @Test
    void presignedGet_signedWithTheSession_readsOwnKey_isForbiddenForAForeignKey_andWhenTampered() throws Exception {
        URI own = presignGet(OWN + "seeded.txt");
        HttpResponse<String> response = get(own);
        assertEquals(200, response.statusCode());
        assertEquals("own", response.body());

        assertEquals(403, get(presignGet(FOREIGN + "seeded.txt")).statusCode());
        String url = own.toString();
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char flipped = url.charAt(at) == '0' ? '1' : '0';
        assertEquals(
                403,
                get(URI.create(url.substring(0, at) + flipped + url.substring(at + 1)))
                        .statusCode());
        assertEquals(403, get(URI.create(url.replace(OWN, FOREIGN))).statusCode());
    }

    @Test
    void readOnlySession_getsOwnObjects_butPutIsAccessDenied() {
        try (AwsClients readOnly = sessions.clients(TENANT_A, Access.READ_ONLY)) {
            assertEquals(
                    "own",
                    readOnly.s3()
                            .getObjectAsBytes(r -> r.bucket(BUCKET).key(OWN + "seeded.txt"))
                            .asUtf8String());
            denied(() ->
                    readOnly.s3().putObject(r -> r.bucket(BUCKET).key(OWN + "ro.txt"), RequestBody.fromString("x")));
        }
    }

    @Test
    void expiredSession_isRefusedWithExpiredToken_whileItWorkedBefore() {
        Credentials credentials = sessions.assume(TENANT_A, null);
        try (AwsClients expiring = sessions.clients(credentials)) {
            assertEquals(
                    "own",
                    expiring.s3()
                            .getObjectAsBytes(r -> r.bucket(BUCKET).key(OWN + "seeded.txt"))
                            .asUtf8String());
            SharedBackends.embedded().sts().expire(credentials.accessKeyId());

            S3Exception e = assertThrows(
                    S3Exception.class,
                    () -> expiring.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(OWN + "seeded.txt")));
            assertEquals("ExpiredToken", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void sessionWrites_areToldToTheObjectListener_likeAnyOther() {
        List<S3ObjectEvent> events = new CopyOnWriteArrayList<>();
        SharedBackends.embedded().onS3ObjectEvents(events::add);
        try {
            s3().putObject(r -> r.bucket(BUCKET).key(OWN + "told.txt"), RequestBody.fromString("x"));
            denied(() -> s3().putObject(r -> r.bucket(BUCKET).key(FOREIGN + "told.txt"), RequestBody.fromString("x")));
        } finally {
            SharedBackends.embedded().onS3ObjectEvents(null);
        }
        // S3 notifications are at-least-once: a PUT the SDK retried (a lost response under load) is told twice.
        // What matters is that the session's write is told and the refused one is not.
        assertEquals(
                List.of(OWN + "told.txt"),
                events.stream().map(S3ObjectEvent::key).distinct().toList());
    }

    @Test
    void baseCredentials_passThroughUnchanged_underAnyPrefix() {
        base.s3().putObject(r -> r.bucket(BUCKET).key(FOREIGN + "base.txt"), RequestBody.fromString("base"));
        assertEquals(
                "base",
                base.s3()
                        .getObjectAsBytes(r -> r.bucket(BUCKET).key(FOREIGN + "base.txt"))
                        .asUtf8String());
        assertTrue(base.s3()
                        .listObjectsV2(r -> r.bucket(BUCKET).prefix("tenants/"))
                        .keyCount()
                >= 2);
    }

    private static S3Client s3() {
        return tenantA.s3();
    }

    private static void denied(Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertEquals(403, e.statusCode(), e::getMessage);
        if (e.awsErrorDetails().errorCode() != null) {
            assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), e::getMessage);
        }
    }

    private static URI presignGet(String key) throws Exception {
        return tenantA.s3Presigner()
                .presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(g -> g.bucket(BUCKET).key(key)))
                .url()
                .toURI();
    }

    private static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
