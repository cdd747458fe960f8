package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.http.ResponseCompression;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API.md "Reads" through real routes: {@code If-None-Match} on {@code GET /v1/projects/{id}} (304 with no body for the
 * current tag, the project for a stale one) and gzip on {@code GET /v1/projects} for a client that accepts it. Both
 * come from the handler base ({@code ApiRuntime}), not from these handlers.
 */
@EmulatedAws
class ConditionalAndCompressedReadsIT {
    static ProjectsFixture fixture;
    /** A tenant whose first page of projects is well over the compression threshold. */
    static SeededTenant busy;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new ProjectsFixture(aws, java.util.Map.of("tenantry.rate-limit.enabled", "false"));
        busy = fixture.newTenant();
        for (int i = 0; i < 25; i++) {
            fixture.createProject(busy, "Project number " + i + " of the busy tenant");
        }
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static ApiResult get(SeededTenant tenant, String projectId, String ifNoneMatch) {
        var event = fixture.onProject(tenant, "viewer", "GET", projectId);
        if (ifNoneMatch != null) {
            event.header("If-None-Match", ifNoneMatch);
        }
        return ApiResult.call(fixture.get, event);
    }

    static ApiResult list(SeededTenant tenant, String acceptEncoding) {
        var event = tenant.as("viewer", "GET", "/v1/projects").query("limit", "100");
        if (acceptEncoding != null) {
            event.header("Accept-Encoding", acceptEncoding);
        }
        return ApiResult.call(fixture.list, event);
    }

    static void assertNotModified(ApiResult result, String etag) {
        assertEquals(304, result.status(), result::toString);
        assertTrue(result.rawBody() == null || result.rawBody().isEmpty(), result::toString);
        assertFalse(result.base64Encoded());
        assertEquals(etag, result.header("ETag"));
        assertNull(result.header("Content-Type"), result::toString);
        assertNull(result.header("Content-Encoding"), result::toString);
        assertEquals("Accept-Encoding", result.header("Vary"));
        assertTrue(result.header("X-Request-Id") != null);
    }

    @Test
    void get_withTheETagOfAFirstGet_answers304_andAfterAPatchTheOldETagGetsTheNewProject() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Site");
        ApiResult first = get(tenant, id, null);
        String etag = first.header("ETag");

        ApiResult unchanged = get(tenant, id, etag);
        ApiResult patched = ApiResult.call(
                fixture.update,
                fixture.onProject(tenant, "member", "PATCH", id)
                        .header("If-Match", etag)
                        .json("{\"name\": \"Site relaunch\"}"));
        ApiResult stale = get(tenant, id, etag);
        ApiResult current = get(tenant, id, patched.header("ETag"));

        assertEquals(200, first.status(), first::toString);
        assertEquals("\"1\"", etag);
        assertNotModified(unchanged, "\"1\"");
        assertEquals(200, patched.status(), patched::toString);
        assertEquals("\"2\"", patched.header("ETag"));
        assertEquals(200, stale.status(), stale::toString);
        assertEquals("\"2\"", stale.header("ETag"));
        assertEquals("Site relaunch", stale.json().path("name").asText());
        assertNotModified(current, "\"2\"");
    }

    @Test
    void get_withAListStarOrAWeakTag_answers304_andWithOtherTagsTheProject() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Site");

        assertNotModified(get(tenant, id, "\"7\", \"1\""), "\"1\"");
        assertNotModified(get(tenant, id, "*"), "\"1\"");
        assertNotModified(get(tenant, id, "W/\"1\""), "\"1\"");
        assertEquals(200, get(tenant, id, "\"7\", W/\"2\"").status());
        assertEquals(
                "Site", get(tenant, id, "\"7\", W/\"2\"").json().path("name").asText());
    }

    @Test
    void get_ofAnotherTenantsProject_withItsETag_answers404_notA304_andItsOwnTenantGets304() {
        SeededTenant owner = fixture.newTenant();
        SeededTenant other = fixture.newTenant();
        String id = fixture.createProject(owner, "Private");

        ApiResult foreign = get(other, id, "\"1\"");
        ApiResult foreignStar = get(other, id, "*");
        ApiResult own = get(owner, id, "\"1\"");

        assertTrue(foreign.isProblem(404), foreign::toString);
        assertTrue(foreignStar.isProblem(404), foreignStar::toString);
        assertNotModified(own, "\"1\"");
    }

    @Test
    void aPatch_withIfNoneMatchOfTheCurrentTag_isNotAnswered304_butAGetOfThatTagIs() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Site");

        ApiResult patched = ApiResult.call(
                fixture.update,
                fixture.onProject(tenant, "member", "PATCH", id)
                        .header("If-None-Match", "\"1\"")
                        .json("{\"name\": \"Renamed\"}"));

        assertEquals(200, patched.status(), patched::toString);
        assertEquals("Renamed", patched.json().path("name").asText());
        assertNotModified(get(tenant, id, "\"2\""), "\"2\"");
    }

    @Test
    void list_withAcceptEncodingGzip_isGzipInBase64_thatDecompressesToTheSameJsonAsWithout() {
        ApiResult plain = list(busy, null);
        ApiResult gzip = list(busy, "gzip, deflate, br");

        assertEquals(200, plain.status(), plain::toString);
        assertTrue(plain.body().getBytes(StandardCharsets.UTF_8).length > ResponseCompression.THRESHOLD_BYTES);
        assertFalse(plain.base64Encoded());
        assertNull(plain.header("Content-Encoding"));
        assertEquals("Accept-Encoding", plain.header("Vary"));
        assertEquals(25, plain.json().path("items").size());

        assertEquals(200, gzip.status(), gzip::toString);
        assertTrue(gzip.base64Encoded());
        assertTrue(gzip.isGzip(), gzip::toString);
        assertEquals("gzip", gzip.header("Content-Encoding"));
        assertEquals("Accept-Encoding", gzip.header("Vary"));
        assertTrue(gzip.header("Content-Type").startsWith("application/json"));
        assertEquals(plain.body(), gzip.body());
        assertTrue(
                gzip.rawBody().length() < plain.rawBody().length() / 2,
                gzip.rawBody().length() + " base64 chars");
    }

    @Test
    void list_withGzipAtQZero_isPlain_andWithStarItIsGzip() {
        ApiResult refused = list(busy, "gzip;q=0, identity");
        ApiResult star = list(busy, "*");

        assertFalse(refused.base64Encoded(), refused::toString);
        assertNull(refused.header("Content-Encoding"));
        assertEquals(25, refused.json().path("items").size());
        assertTrue(star.isGzip(), star::toString);
        assertEquals(25, star.json().path("items").size());
    }

    @Test
    void aSmallAnswer_staysPlain_evenForAGzipClient_butCarriesVary() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Small");
        var event = fixture.onProject(tenant, "viewer", "GET", id).header("Accept-Encoding", "gzip");

        ApiResult small = ApiResult.call(fixture.get, event);
        ApiResult large = list(busy, "gzip");

        assertEquals(200, small.status(), small::toString);
        assertFalse(small.base64Encoded());
        assertNull(small.header("Content-Encoding"));
        assertEquals("Accept-Encoding", small.header("Vary"));
        assertEquals("Small", small.json().path("name").asText());
        assertTrue(large.isGzip());
    }

    @Test
    void a304_toAGzipClient_hasNoBodyAndNoContentEncoding() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Site");
        var event = fixture.onProject(tenant, "viewer", "GET", id)
                .header("Accept-Encoding", "gzip")
                .header("If-None-Match", "\"1\"");

        assertNotModified(ApiResult.call(fixture.get, event), "\"1\"");
    }
}
