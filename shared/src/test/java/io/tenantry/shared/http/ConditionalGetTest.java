package io.tenantry.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.shared.problem.NotFoundException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionalGetTest {

    static ApiRequest request(String method, String ifNoneMatch) {
        ApiEvent event = ApiEvent.of(method, "/v1/projects/prj_1");
        if (ifNoneMatch != null) {
            event.header("If-None-Match", ifNoneMatch);
        }
        return new ApiRequest(event.build(), "req_test", null, null);
    }

    static ApiResponse project(long version) {
        return ApiResponse.ok(Map.of("id", "prj_1", "version", version)).etag(version);
    }

    @Test
    void get_withTheCurrentETag_answers304WithNoBody_andAStaleETag_getsTheProject() {
        ApiResponse current = ConditionalGet.apply(request("GET", "\"3\""), project(3));
        ApiResponse stale = ConditionalGet.apply(request("GET", "\"2\""), project(3));

        assertEquals(304, current.status());
        assertNull(current.body());
        assertNull(current.rawBody());
        assertEquals("\"3\"", current.headers().get("ETag"));
        assertEquals(200, stale.status());
        assertEquals(3L, ((Map<?, ?>) stale.body()).get("version"));
    }

    @Test
    void get_withoutIfNoneMatch_isAnsweredInFull() {
        ApiResponse response = project(3);

        assertSame(response, ConditionalGet.apply(request("GET", null), response));
    }

    @Test
    void the304_keepsETagCacheControlAndVary_butNoContentHeaders() {
        ApiResponse response = project(3)
                .header("Cache-Control", "private, no-cache")
                .header("Vary", "Origin")
                .header("Content-Type", ApiResponse.JSON)
                .header("Content-Language", "en")
                .header("Content-Location", "/v1/projects/prj_1");

        ApiResponse notModified = ConditionalGet.apply(request("GET", "\"3\""), response);

        assertEquals(304, notModified.status());
        assertEquals(
                Map.of(
                        "ETag", "\"3\"",
                        "Cache-Control", "private, no-cache",
                        "Vary", "Origin",
                        "Content-Location", "/v1/projects/prj_1"),
                notModified.headers());
    }

    @Test
    void star_matchesAnyCurrentRepresentation_butNotAnAnswerWithoutETag() {
        ApiResponse withoutTag = ApiResponse.ok(Map.of("status", "ok"));

        assertEquals(304, ConditionalGet.apply(request("GET", "*"), project(9)).status());
        assertSame(withoutTag, ConditionalGet.apply(request("GET", "*"), withoutTag));
    }

    @Test
    void aList_matchesWhenAnyTagIsCurrent_andNotWhenNoneIs() {
        assertEquals(
                304,
                ConditionalGet.apply(request("GET", "\"1\", \"3\",\"7\""), project(3))
                        .status());
        assertEquals(
                200,
                ConditionalGet.apply(request("GET", "\"1\", \"2\",\"7\""), project(3))
                        .status());
    }

    @Test
    void aWeakTag_matchesByTheWeakComparison_andAWeakTagOfAnotherVersionDoesNot() {
        assertEquals(
                304, ConditionalGet.apply(request("GET", "W/\"3\""), project(3)).status());
        assertEquals(
                200, ConditionalGet.apply(request("GET", "W/\"4\""), project(3)).status());
        assertTrue(ConditionalGet.matches("\"3\"", "W/\"3\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "\"3", "\"3\" \"4\"", "w/\"3\"", "*, \"3\"", "", "W/3"})
    void aMalformedValue_matchesNothing_andGetsTheFullAnswer(String ifNoneMatch) {
        assertFalse(ConditionalGet.matches(ifNoneMatch, "\"3\""), ifNoneMatch);
        assertEquals(
                200,
                ConditionalGet.apply(request("GET", ifNoneMatch), project(3)).status());
    }

    @Test
    void aCommaInsideATag_isPartOfThatTag() {
        assertTrue(ConditionalGet.matches("\"a,b\", \"3\"", "\"3\""));
        assertFalse(ConditionalGet.matches("\"a,\"3\"\"", "\"3\""));
    }

    @Test
    void writes_areNeverAnswered304_thoughAGetOfTheSameTagIs() {
        for (String method : new String[] {"PATCH", "POST", "DELETE", "PUT"}) {
            assertEquals(
                    200,
                    ConditionalGet.apply(request(method, "\"3\""), project(3)).status(),
                    method);
        }
        assertEquals(
                304, ConditionalGet.apply(request("GET", "\"3\""), project(3)).status());
    }

    @Test
    void errors_andOtherSuccesses_areNeverAnswered304() {
        ApiResponse notFound = ProblemMapper.toResponse(new NotFoundException("No such project."), "req_test")
                .etag(3);
        ApiResponse created =
                ApiResponse.created(Map.of("id", "prj_1"), "/v1/projects/prj_1").etag(3);

        assertSame(notFound, ConditionalGet.apply(request("GET", "\"3\""), notFound));
        assertSame(created, ConditionalGet.apply(request("GET", "\"3\""), created));
        assertEquals(
                304, ConditionalGet.apply(request("GET", "\"3\""), project(3)).status());
    }

    @Test
    void anAnswerMarkedNoStore_isAnsweredInFull_andNoCacheIsRevalidated() {
        ApiResponse noStore = project(3).header("Cache-Control", "private, no-store");
        ApiResponse noCache = project(3).header("Cache-Control", "private, no-cache");

        assertSame(noStore, ConditionalGet.apply(request("GET", "\"3\""), noStore));
        assertEquals(304, ConditionalGet.apply(request("GET", "\"3\""), noCache).status());
    }
}
