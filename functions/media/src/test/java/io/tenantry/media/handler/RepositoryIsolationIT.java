package io.tenantry.media.handler;

import static io.tenantry.shared.testing.ScopedCalls.assertAccessDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.media.repository.MediaKeys;
import io.tenantry.media.repository.MediaObjects;
import io.tenantry.media.repository.MediaRepository;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.testing.ScopedCalls;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The media repository and objects under tenant-scoped credentials: inside one tenant's scope, reading
 * another tenant's items, writing or deleting its objects, or using a URL presigned for its keys is
 * refused (AccessDenied, 403); the same calls on the scope's own tenant succeed.
 */
@EmulatedAws
class RepositoryIsolationIT {
    static MediaFixture fixture;
    static MediaRepository media;
    static MediaObjects objects;
    static ScopedCalls calls;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(AwsEnvironment aws) {
        ScopedCalls.assumeEnforced(aws);
        fixture = new MediaFixture(aws);
        media = fixture.context.getBean(MediaRepository.class);
        objects = fixture.context.getBean(MediaObjects.class);
        calls = new ScopedCalls(fixture.context);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static int get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void everyCall_withAnotherTenantsAccess_isRefused_theScopesOwnSucceeds() throws Exception {
        SeededTenant mine = fixture.newTenant();
        SeededTenant theirs = fixture.newTenant();
        TenantAccess own = fixture.tenants.ownerAccess(mine);
        TenantAccess other = fixture.tenants.ownerAccess(theirs);
        String t = mine.tenantId();
        String mediaId = "med_01JD3Q5R7C0000000000000001";
        String myKey = MediaKeys.original(own, mediaId);
        String theirKey = MediaKeys.original(other, mediaId);
        objects.put(theirKey, new byte[] {1, 2, 3}, "image/png");

        assertEquals(Optional.empty(), calls.reading(t, () -> media.find(own, mediaId)));
        assertAccessDenied(() -> calls.reading(t, () -> media.find(other, mediaId)));
        assertEquals(
                0,
                calls.reading(t, () -> media.listNewestFirst(own, Optional.empty(), 10))
                        .size());
        assertAccessDenied(() -> calls.reading(t, () -> media.listNewestFirst(other, Optional.empty(), 10)));

        calls.writing(t, () -> {
            objects.put(myKey, new byte[] {4, 5, 6}, "image/png");
            return null;
        });
        S3Exception refused = assertThrows(
                S3Exception.class,
                () -> calls.writing(t, () -> {
                    objects.put(theirKey, new byte[] {7}, "image/png");
                    return null;
                }));
        assertEquals(403, refused.statusCode());
        assertEquals(
                403,
                assertThrows(
                                S3Exception.class,
                                () -> calls.writing(t, () -> {
                                    objects.delete(theirKey);
                                    return null;
                                }))
                        .statusCode());

        String mine200 = calls.reading(
                t, () -> objects.presignDownload(myKey, Duration.ofMinutes(5)).url());
        String theirs403 = calls.reading(
                t,
                () -> objects.presignDownload(theirKey, Duration.ofMinutes(5)).url());
        assertEquals(200, get(mine200));
        assertEquals(403, get(theirs403), "a URL signed in one tenant's scope opens none of another's objects");
        assertEquals(3, objects.read(theirKey, 10).length, "their object is untouched");
    }
}
