package io.tenantry.media.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.media.image.ImageFormat;
import io.tenantry.media.image.TestImages;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The media routes: what create answers and refuses, reads, lists, and another tenant's view. */
@EmulatedAws
class MediaHandlersIT {
    static final long MIB = 1024 * 1024;
    static MediaFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new MediaFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void create_returns201_awaitingUpload_withAPresignedPutForExactlyThatTypeAndSize() {
        SeededTenant tenant = fixture.newTenant();
        Instant before = Instant.now();
        ApiResult created = fixture.createResult(tenant, "team photo.jpg", "image/jpeg", 482_133);

        assertEquals(201, created.status(), created::toString);
        JsonNode body = created.json();
        String id = body.path("id").asText();
        assertTrue(id.matches("med_[0-9A-Z]{26}"), id);
        assertEquals("/v1/media/" + id, created.header("Location"));
        assertEquals("\"1\"", created.header("ETag"));
        assertEquals("awaiting_upload", body.path("status").asText());
        assertEquals("team photo.jpg", body.path("fileName").asText());
        assertEquals("image/jpeg", body.path("contentType").asText());
        assertEquals(482_133, body.path("sizeBytes").asLong());
        assertEquals(
                "image/jpeg", body.path("uploadHeaders").path("Content-Type").asText());
        assertEquals("482133", body.path("uploadHeaders").path("Content-Length").asText());

        URI url = URI.create(body.path("uploadUrl").asText());
        assertTrue(
                url.getPath().endsWith("/tenants/" + tenant.tenantId() + "/media/" + id + "/original"), url::toString);
        String query = url.getQuery();
        assertTrue(query.contains("X-Amz-SignedHeaders=content-length;content-type;host"), query);
        int expires = Integer.parseInt(query.replaceAll(".*X-Amz-Expires=(\\d+).*", "$1"));
        assertTrue(expires <= 900, "X-Amz-Expires=" + expires);
        Instant expiresAt = Instant.parse(body.path("uploadExpiresAt").asText());
        assertTrue(!expiresAt.isAfter(Instant.now().plus(Duration.ofMinutes(15))), expiresAt::toString);
        assertTrue(expiresAt.isAfter(before.plus(Duration.ofMinutes(14))), expiresAt::toString);
    }

    /** The upload URL lets anyone holding it write the item's key: the caller who asked gets it, once. */
    @Test
    void theUploadUrl_isInTheCreateResponseOnly_notInAnyRead_norInTheTable() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode created = fixture.create(tenant, "photo.png", "image/png", 1234);
        String id = created.path("id").asText();
        assertTrue(created.path("uploadUrl").asText().startsWith("http"), created::toString);
        assertEquals(
                "image/png", created.path("uploadHeaders").path("Content-Type").asText());

        JsonNode read = fixture.item(tenant, id);
        assertEquals("awaiting_upload", read.path("status").asText(), read::toString);
        assertEquals(created.path("uploadExpiresAt"), read.path("uploadExpiresAt"), "GET says until when it is due");
        assertFalse(read.has("uploadUrl"), read::toString);
        assertFalse(read.has("uploadHeaders"), read::toString);
        JsonNode listed = page(tenant, null, null).json().path("items").get(0);
        assertEquals(id, listed.path("id").asText());
        assertFalse(listed.has("uploadUrl"), listed::toString);
        assertFalse(listed.has("uploadHeaders"), listed::toString);

        Map<String, AttributeValue> stored = fixture.aws
                .dynamoDb()
                .getItem(r -> r.tableName(fixture.aws.resources().tableName("TenantryTable"))
                        .consistentRead(true)
                        .key(Map.of(
                                "PK", AttributeValue.fromS("TENANT#" + tenant.tenantId()),
                                "SK", AttributeValue.fromS("MEDIA#" + id))))
                .item();
        assertEquals(id, stored.get("id").s(), stored::toString);
        assertEquals(
                created.path("uploadExpiresAt").asText(),
                stored.get("uploadExpiresAt").s());
        assertFalse(stored.containsKey("uploadUrl"), stored::toString);
        assertFalse(
                stored.values().stream().anyMatch(v -> v.s() != null && v.s().contains("X-Amz-Signature")),
                "no attribute holds a signed URL: " + stored);
    }

    @Test
    void create_answers413_overThePlansLimit_perPlan() {
        SeededTenant free = fixture.newTenant();
        assertEquals(
                201, fixture.createResult(free, "a.png", "image/png", 5 * MIB).status());
        ApiResult tooBig = fixture.createResult(free, "a.png", "image/png", 5 * MIB + 1);
        assertTrue(tooBig.isProblem(413), tooBig::toString);

        SeededTenant pro = fixture.newTenantOn("pro");
        assertEquals(
                201, fixture.createResult(pro, "a.png", "image/png", 25 * MIB).status());
        assertTrue(fixture.createResult(pro, "a.png", "image/png", 25 * MIB + 1).isProblem(413));

        SeededTenant enterprise = fixture.newTenantOn("enterprise");
        assertEquals(
                201,
                fixture.createResult(enterprise, "a.png", "image/png", 100 * MIB)
                        .status());
        assertTrue(fixture.createResult(enterprise, "a.png", "image/png", 100 * MIB + 1)
                .isProblem(413));
        assertTrue(fixture.createResult(enterprise, "a.png", "image/png", Long.MAX_VALUE)
                .isProblem(413));
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/bmp", "image/svg+xml", "text/plain", "application/pdf", "image/heic", "image/*"})
    void create_answers415_forATypeThatIsNotAccepted(String type) {
        ApiResult result = fixture.createResult(fixture.newTenant(), "x", type, 10);
        assertTrue(result.isProblem(415), result::toString);
    }

    @Test
    void webp_isAcceptedExactlyWhenThisJvmDecodesIt() {
        ApiResult result = fixture.createResult(fixture.newTenant(), "x.webp", "image/webp", 10);
        if (ImageFormat.WEBP.decodable()) {
            assertEquals(201, result.status(), result::toString);
        } else {
            assertTrue(result.isProblem(415), result::toString);
        }
    }

    @Test
    void create_acceptsTheTypeCaseInsensitively_andShowsItNormalised() {
        JsonNode body = fixture.create(fixture.newTenant(), "x.png", " IMAGE/PNG ", 10);
        assertEquals("image/png", body.path("contentType").asText());
    }

    @Test
    void create_answers400_namingEveryBadField() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult missing = ApiResult.call(
                fixture.create, tenant.as("member", "POST", "/v1/media").json("{}"));
        assertEquals(List.of("fileName", "contentType", "sizeBytes"), missing.errorFields(), missing::toString);

        ApiResult wrong = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/media")
                        .json("{\"fileName\": \"" + "n".repeat(256)
                                + "\", \"contentType\": 5, \"sizeBytes\": \"12\"}"));
        assertEquals(List.of("fileName", "contentType", "sizeBytes"), wrong.errorFields(), wrong::toString);

        for (String size : List.of("0", "-1", "1.5", "1e3", "true", "null", "[]", "99999999999999999999999")) {
            ApiResult bad = ApiResult.call(
                    fixture.create,
                    tenant.as("member", "POST", "/v1/media")
                            .json("{\"fileName\": \"a.png\", \"contentType\": \"image/png\", \"sizeBytes\": " + size
                                    + "}"));
            assertTrue(bad.isProblem(400), size + ": " + bad);
            assertEquals(List.of("sizeBytes"), bad.errorFields(), size);
        }
        ApiResult control = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/media")
                        .json("{\"fileName\": \"a\\u0000.png\", \"contentType\": \"image/png\", \"sizeBytes\": 3}"));
        assertEquals(List.of("fileName"), control.errorFields(), control::toString);
        assertEquals(0, page(tenant, null, null).json().path("items").size());
    }

    @Test
    void create_withAnIdempotencyKey_replays_and409sOnAnotherBody() {
        SeededTenant tenant = fixture.newTenant();
        String body = "{\"fileName\": \"a.png\", \"contentType\": \"image/png\", \"sizeBytes\": 100}";
        ApiResult first = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/media")
                        .header("Idempotency-Key", "m1")
                        .json(body));
        ApiResult again = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/media")
                        .header("Idempotency-Key", "m1")
                        .json(body));
        ApiResult other = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/media")
                        .header("Idempotency-Key", "m1")
                        .json(body.replace("100", "101")));

        assertEquals(201, again.status());
        assertEquals(first.body(), again.body());
        assertTrue(again.json().path("uploadUrl").asText().startsWith("http"), "the replay carries the upload URL");
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertTrue(other.isProblem(409), other::toString);
        assertEquals(1, page(tenant, null, null).json().path("items").size());
    }

    /** The upload URL is the first caller's alone: another member with the same key and body makes its own item. */
    @Test
    void create_anotherMemberSendingTheSameKey_getsItsOwnItem_notTheFirstCallersUploadUrl() {
        SeededTenant tenant = fixture.newTenant();
        String body = "{\"fileName\": \"a.png\", \"contentType\": \"image/png\", \"sizeBytes\": 100}";
        ApiResult first = ApiResult.call(
                fixture.create,
                tenant.as("member", "POST", "/v1/media")
                        .header("Idempotency-Key", "upload-1")
                        .json(body));
        ApiResult colleague = ApiResult.call(
                fixture.create,
                tenant.as("admin", "POST", "/v1/media")
                        .header("Idempotency-Key", "upload-1")
                        .json(body));

        assertEquals(201, first.status(), first::toString);
        assertEquals(201, colleague.status(), colleague::toString);
        assertNull(colleague.header("Idempotent-Replayed"), "not a replay");
        assertNotEquals(first.json().path("id"), colleague.json().path("id"));
        assertNotEquals(first.json().path("uploadUrl"), colleague.json().path("uploadUrl"));
        assertEquals(2, page(tenant, null, null).json().path("items").size());
    }

    @Test
    void list_pagesNewestFirst_withoutRepeatsOrGaps() {
        SeededTenant tenant = fixture.newTenant();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fixture.create(tenant, "f" + i + ".png", "image/png", 10 + i)
                    .path("id")
                    .asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ApiResult result = page(tenant, "2", cursor);
            assertEquals(200, result.status(), result::toString);
            result.json().path("items").forEach(m -> seen.add(m.path("id").asText()));
            cursor = result.json().path("nextCursor").isNull()
                    ? null
                    : result.json().path("nextCursor").asText();
        } while (cursor != null);
        Collections.reverse(created);
        assertEquals(created, seen);
    }

    @Test
    void list_showsReadyItemsWithTheirVariants() {
        SeededTenant tenant = fixture.newTenant();
        fixture.uploadAndProcess(tenant, "a.png", "image/png", TestImages.png(200, 100));
        JsonNode item = page(tenant, null, null).json().path("items").get(0);
        assertEquals("ready", item.path("status").asText());
        assertEquals(2, item.path("variants").size());
        assertEquals(
                200,
                fixture.download(item.path("variants").get(0).path("url").asText())
                        .statusCode());
    }

    @Test
    void anotherTenant_gets404OnGetAndDelete_seesNothingInItsList_andCannotUseTheCursor() {
        SeededTenant owner = fixture.newTenant();
        SeededTenant intruder = fixture.newTenant();
        JsonNode item = fixture.uploadAndProcess(owner, "private.png", "image/png", TestImages.png(100, 100));
        fixture.create(owner, "second.png", "image/png", 10);
        String id = item.path("id").asText();

        assertTrue(fixture.read(intruder, id).isProblem(404));
        ApiResult deleted = ApiResult.call(fixture.delete, fixture.onMedia(intruder, "owner", "DELETE", id));
        assertTrue(deleted.isProblem(404), deleted::toString);
        assertEquals(0, page(intruder, null, null).json().path("items").size());
        String cursor = page(owner, "1", null).json().path("nextCursor").asText();
        assertTrue(page(intruder, "1", cursor).isProblem(400));

        assertEquals("ready", fixture.item(owner, id).path("status").asText());
        assertEquals(
                2,
                fixture.keysUnder("tenants/" + owner.tenantId() + "/media/" + id + "/")
                        .size());
    }

    @Test
    void presignedUrls_neverReachAnotherPrefix() {
        SeededTenant owner = fixture.newTenant();
        SeededTenant intruder = fixture.newTenant();
        JsonNode ready = fixture.uploadAndProcess(owner, "p.png", "image/png", TestImages.png(120, 80));
        byte[] png = TestImages.png(20, 20);
        JsonNode mine = fixture.create(intruder, "mine.png", "image/png", png.length);
        String uploadUrl = mine.path("uploadUrl").asText();
        String ownerPrefix =
                "/tenants/" + owner.tenantId() + "/media/" + ready.path("id").asText() + "/";

        String otherKey = uploadUrl.replaceFirst(
                "/tenants/[^/]+/media/[^/]+/original", ownerPrefix.replaceAll("/$", "") + "/original");
        assertNotEquals(uploadUrl, otherKey);
        assertEquals(403, fixture.upload(otherKey, "image/png", png), "an upload URL moved to another prefix");
        String thumbUrl = ready.path("variants").get(0).path("url").asText();
        assertEquals(
                403, fixture.download(thumbUrl.replace("/thumb?", "/medium?")).statusCode());
        assertEquals(
                403,
                fixture.download(thumbUrl.replace(owner.tenantId(), intruder.tenantId()))
                        .statusCode());
        assertEquals(200, fixture.download(thumbUrl).statusCode());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"nope", "med_", "med_01JD3Q5R7C00000000000000000", "../TENANT", "med_01jd3q5r7c0000000000000002"
            })
    void malformedIds_answer404(String id) {
        SeededTenant tenant = fixture.newTenant();
        assertTrue(fixture.read(tenant, id).isProblem(404));
        assertTrue(ApiResult.call(fixture.delete, fixture.onMedia(tenant, "member", "DELETE", id))
                .isProblem(404));
    }

    @Test
    void delete_honoursIfMatch() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.create(tenant, "a.png", "image/png", 10).path("id").asText();
        ApiResult stale = ApiResult.call(
                fixture.delete, fixture.onMedia(tenant, "member", "DELETE", id).header("If-Match", "\"7\""));
        assertTrue(stale.isProblem(412), stale::toString);
        ApiResult deleted = ApiResult.call(
                fixture.delete, fixture.onMedia(tenant, "member", "DELETE", id).header("If-Match", "\"1\""));
        assertEquals(204, deleted.status(), deleted::toString);
    }

    @Test
    void everyRoute_answers401_withoutAToken_and403_withoutATenant() {
        String id = "med_01JD3Q5R7C0000000000000001";
        assertTrue(ApiResult.call(fixture.list, ApiEvent.of("GET", "/v1/media")).isProblem(401));
        assertTrue(
                ApiResult.call(fixture.create, ApiEvent.of("POST", "/v1/media").json("{}"))
                        .isProblem(401));
        assertTrue(ApiResult.call(
                        fixture.get, ApiEvent.of("GET", "/v1/media/" + id).pathParameter("mediaId", id))
                .isProblem(401));
        assertTrue(ApiResult.call(
                        fixture.delete, ApiEvent.of("DELETE", "/v1/media/" + id).pathParameter("mediaId", id))
                .isProblem(401));
        assertTrue(ApiResult.call(fixture.list, ApiEvent.of("GET", "/v1/media").user("s", "s@example.test"))
                .isProblem(403));
        assertFalse(ApiResult.call(fixture.list, fixture.newTenant().as("viewer", "GET", "/v1/media"))
                .isProblem(403));
    }

    static ApiResult page(SeededTenant as, String limit, String cursor) {
        var event = as.as("viewer", "GET", "/v1/media");
        if (limit != null) {
            event.query("limit", limit);
        }
        if (cursor != null) {
            event.query("cursor", cursor);
        }
        return ApiResult.call(fixture.list, event);
    }
}
