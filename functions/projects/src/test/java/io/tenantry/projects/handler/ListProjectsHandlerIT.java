package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@EmulatedAws
class ListProjectsHandlerIT {
    static ProjectsFixture fixture;
    static SeededTenant tenant;
    static List<String> created = new ArrayList<>();

    @BeforeAll
    static void start(AwsEnvironment aws) {
        // Walks of dozens of items at test speed: the plan's rate limit has tests of its own.
        fixture = new ProjectsFixture(aws, java.util.Map.of("tenantry.rate-limit.enabled", "false"));
        tenant = fixture.newTenant();
        for (int i = 0; i < 7; i++) {
            created.add(fixture.createProject(tenant, "Project " + i));
        }
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static ApiResult page(SeededTenant as, String limit, String cursor) {
        var event = as.as("viewer", "GET", "/v1/projects");
        if (limit != null) {
            event.query("limit", limit);
        }
        if (cursor != null) {
            event.query("cursor", cursor);
        }
        return ApiResult.call(fixture.list, event);
    }

    @Test
    void pages_walkEveryProject_newestFirst_withoutRepeatsOrGaps() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiResult result = page(tenant, "3", cursor);
            assertEquals(200, result.status(), result::toString);
            result.json().path("items").forEach(p -> seen.add(p.path("id").asText()));
            JsonNode next = result.json().path("nextCursor");
            assertTrue(result.json().has("nextCursor"));
            cursor = next.isNull() ? null : next.asText();
            pages++;
        } while (cursor != null);

        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
        assertEquals(3, pages);
    }

    @Test
    void aFullLastPage_hasNoNextCursor() {
        ApiResult all = page(tenant, "7", null);
        assertEquals(7, all.json().path("items").size());
        assertTrue(all.json().path("nextCursor").isNull());
    }

    @Test
    void theDefaultLimit_is20() {
        SeededTenant big = fixture.newTenant();
        for (int i = 0; i < 21; i++) {
            fixture.createProject(big, "P" + i);
        }
        ApiResult first = page(big, null, null);
        assertEquals(20, first.json().path("items").size());
        assertEquals(
                1,
                page(big, null, first.json().path("nextCursor").asText())
                        .json()
                        .path("items")
                        .size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "ten", "1.5"})
    void aBadLimit_answers400_namingLimit(String limit) {
        ApiResult result = page(tenant, limit, null);
        assertTrue(result.isProblem(400), result::toString);
        assertEquals(List.of("limit"), result.errorFields());
    }

    @Test
    void anEditedCursor_answers400() {
        String cursor = page(tenant, "2", null).json().path("nextCursor").asText();
        char[] chars = cursor.toCharArray();
        chars[5] = chars[5] == 'A' ? 'B' : 'A';
        ApiResult result = page(tenant, "2", new String(chars));
        assertTrue(result.isProblem(400), result::toString);
        assertEquals(List.of("cursor"), result.errorFields());
        assertTrue(page(tenant, "2", "garbage").isProblem(400));
        assertTrue(page(tenant, "2", "a.b").isProblem(400));
    }

    @Test
    void anotherTenantsCursor_answers400_andShowsNothingOfTheirs() {
        String cursor = page(tenant, "2", null).json().path("nextCursor").asText();
        SeededTenant other = fixture.newTenant();
        ApiResult result = page(other, "2", cursor);
        assertTrue(result.isProblem(400), result::toString);
        assertEquals(0, page(other, null, null).json().path("items").size());
    }
}
