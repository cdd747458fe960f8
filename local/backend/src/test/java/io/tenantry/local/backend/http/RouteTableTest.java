package io.tenantry.local.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tenantry.local.backend.config.HttpApiConfig.RouteDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable table = new RouteTable(List.of(
            route("GET", "/v1/projects"),
            route("POST", "/v1/projects"),
            route("GET", "/v1/projects/{projectId}"),
            route("DELETE", "/v1/projects/{projectId}"),
            route("GET", "/v1/projects/archived"),
            route("ANY", "/v1/files/{path+}"),
            route("GET", "/v1/files/readme")));

    private static RouteDefinition route(String method, String path) {
        return new RouteDefinition(method, path, method + path, null);
    }

    private RouteTable.Found found(String method, String path) {
        return assertInstanceOf(RouteTable.Found.class, table.match(method, path), method + " " + path);
    }

    @Test
    void exactPath_matchesItsMethod() {
        assertEquals("GET /v1/projects", found("GET", "/v1/projects").route().routeKey());
        assertEquals("POST /v1/projects", found("POST", "/v1/projects").route().routeKey());
    }

    @Test
    void pathParameter_isDecoded_andNamed() {
        RouteTable.Found match = found("GET", "/v1/projects/prj%5F1%20a");
        assertEquals("GET /v1/projects/{projectId}", match.route().routeKey());
        assertEquals(Map.of("projectId", "prj_1 a"), match.pathParameters());
    }

    @Test
    void literalSegment_beatsParameter() {
        assertEquals(
                "GET /v1/projects/archived",
                found("GET", "/v1/projects/archived").route().routeKey());
    }

    @Test
    void greedyParameter_takesTheRestOfThePath_forAnyMethod() {
        RouteTable.Found match = found("PUT", "/v1/files/a/b/c.txt");
        assertEquals("ANY /v1/files/{path+}", match.route().routeKey());
        assertEquals(Map.of("path", "a/b/c.txt"), match.pathParameters());
        assertEquals(
                "GET /v1/files/readme", found("GET", "/v1/files/readme").route().routeKey());
        assertEquals(
                "ANY /v1/files/{path+}",
                found("POST", "/v1/files/readme").route().routeKey());
    }

    @Test
    void knownPath_withOtherMethod_isMethodNotAllowed_listingTheMethods() {
        RouteTable.MethodNotAllowed match =
                assertInstanceOf(RouteTable.MethodNotAllowed.class, table.match("PATCH", "/v1/projects/prj_1"));
        assertEquals(List.of("DELETE", "GET"), match.allowed());
    }

    @Test
    void unknownPaths_areNotFound_includingTrailingSlashesAndEmptySegments() {
        assertInstanceOf(RouteTable.NotFound.class, table.match("GET", "/v1/nothing"));
        assertInstanceOf(RouteTable.NotFound.class, table.match("GET", "/v1/projects/prj_1/extra"));
        assertInstanceOf(RouteTable.NotFound.class, table.match("GET", "/v1/projects/"));
        assertInstanceOf(RouteTable.NotFound.class, table.match("GET", "/v1/files/"));
    }

    @Test
    void defaultRoute_catchesWhatNothingElseDoes() {
        RouteTable withDefault = new RouteTable(List.of(route("GET", "/a"), route("ANY", "$default")));
        assertEquals(
                "GET /a",
                ((RouteTable.Found) withDefault.match("GET", "/a")).route().routeKey());
        assertEquals(
                "$default",
                ((RouteTable.Found) withDefault.match("POST", "/zzz")).route().routeKey());
    }
}
