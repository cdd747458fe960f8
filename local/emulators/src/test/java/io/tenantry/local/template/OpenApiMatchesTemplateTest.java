package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/openapi.yaml describes the HTTP API that template.yaml deploys: the same routes, each served by the function
 * it names, secured as the template secures it, and documenting the errors every route can answer.
 */
class OpenApiMatchesTemplateTest {
    private static final Path TEMPLATE_FILE = RealTemplateTest.templateFile();
    private static final SamTemplate TEMPLATE = SamTemplate.load(TEMPLATE_FILE);
    private static final Map<String, Object> OPENAPI = loadOpenApi(TEMPLATE_FILE.resolveSibling("docs/openapi.yaml"));
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String BEARER_SCHEME = "bearerAuth";

    /** A route of the template: "METHOD /path" with the function that serves it. */
    private record Route(FunctionDefinition function, FunctionEvent.HttpApi event) {}

    @Test
    void isAnOpenApi31Document() {
        assertEquals("3.1.0", String.valueOf(OPENAPI.get("openapi")));
    }

    @Test
    void documentsExactlyTheHttpApiRoutesOfTheTemplate() {
        assertFalse(templateRoutes().isEmpty(), "template.yaml has no HttpApi routes");
        Set<String> undocumented = new TreeSet<>(templateRoutes().keySet());
        undocumented.removeAll(operations().keySet());
        Set<String> notDeployed = new TreeSet<>(operations().keySet());
        notDeployed.removeAll(templateRoutes().keySet());
        assertTrue(undocumented.isEmpty(), "routes of template.yaml missing from docs/openapi.yaml: " + undocumented);
        assertTrue(notDeployed.isEmpty(), "operations of docs/openapi.yaml that template.yaml lacks: " + notDeployed);
    }

    @Test
    void everyOperationNamesTheFunctionThatServesItsRoute() {
        forEachDocumentedRoute((key, route, operation) -> assertEquals(
                route.function().logicalId(),
                operation.get("x-tenantry-function"),
                key + ": x-tenantry-function must name the template function that serves the route"));
    }

    @Test
    void everyOperationIdIsItsHandlerNameWithoutHandler() {
        forEachDocumentedRoute((key, route, operation) -> {
            String handler = route.function().handler();
            String simpleName = handler.substring(handler.lastIndexOf('.') + 1).replaceFirst("Handler$", "");
            String expected = Character.toLowerCase(simpleName.charAt(0)) + simpleName.substring(1);
            assertEquals(expected, operation.get("operationId"), key + ": operationId (handler " + handler + ")");
        });
    }

    @Test
    void routesBehindTheJwtAuthorizerDeclareBearerSecurity_andPublicRoutesNone() {
        Map<String, Object> scheme = map(map(map(OPENAPI, "components"), "securitySchemes"), BEARER_SCHEME);
        assertEquals("http", scheme.get("type"), "components.securitySchemes." + BEARER_SCHEME + ".type");
        assertEquals("bearer", scheme.get("scheme"), "components.securitySchemes." + BEARER_SCHEME + ".scheme");
        assertEquals(
                "JWT", scheme.get("bearerFormat"), "components.securitySchemes." + BEARER_SCHEME + ".bearerFormat");

        forEachDocumentedRoute((key, route, operation) -> {
            List<Map<String, Object>> security = effectiveSecurity(operation);
            boolean anonymousAllowed = security.isEmpty() || security.stream().anyMatch(Map::isEmpty);
            if (route.event().isPublic()) {
                assertTrue(anonymousAllowed, key + ": a public route must declare `security: []`");
            } else {
                assertFalse(anonymousAllowed, key + ": the route needs a token, but its security allows none");
                assertTrue(
                        security.stream().allMatch(requirement -> requirement.containsKey(BEARER_SCHEME)),
                        key + ": every security requirement must include " + BEARER_SCHEME + ", found " + security);
            }
        });
    }

    @Test
    void routesBehindTheJwtAuthorizerDocumentA401_andPublicRoutesDoNot() {
        forEachDocumentedRoute((key, route, operation) -> {
            boolean documents401 = responses(operation).containsKey("401");
            if (route.event().isPublic()) {
                assertFalse(documents401, key + ": a public route never answers 401");
            } else {
                assertTrue(documents401, key + ": a route behind the JWT authorizer must document 401");
            }
        });
    }

    @Test
    void everyOperationDocumentsA500() {
        forEachDocumentedRoute((key, route, operation) ->
                assertTrue(responses(operation).containsKey("500"), key + ": must document 500"));
    }

    @Test
    void everyErrorResponseIsAProblemWithARequestId() {
        forEachDocumentedRoute((key, route, operation) -> responses(operation).forEach((status, body) -> {
            if (!status.startsWith("4") && !status.startsWith("5")) {
                return;
            }
            Map<String, Object> response = resolve(body);
            Map<String, Object> problem = map(map(response, "content"), "application/problem+json");
            assertEquals(
                    "#/components/schemas/Problem",
                    map(problem, "schema").get("$ref"),
                    key + " " + status + ": the problem+json body must be the shared Problem schema");
            assertTrue(
                    map(response, "headers").containsKey("X-Request-Id"),
                    key + " " + status + ": must document X-Request-Id");
        }));
    }

    // ------------------------------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface RouteCheck {
        void check(String key, Route route, Map<String, Object> operation);
    }

    /** Runs a check on every route that both documents have; the route sets are compared by their own test. */
    private static void forEachDocumentedRoute(RouteCheck check) {
        Map<String, Map<String, Object>> operations = operations();
        List<String> checked = new ArrayList<>();
        templateRoutes().forEach((key, route) -> {
            Map<String, Object> operation = operations.get(key);
            if (operation != null) {
                check.check(key, route, operation);
                checked.add(key);
            }
        });
        assertFalse(checked.isEmpty(), "no route is both in template.yaml and in docs/openapi.yaml");
    }

    /** "METHOD /path" of every HttpApi event in the template, with its function; a route served twice fails. */
    private static Map<String, Route> templateRoutes() {
        Map<String, Route> routes = new TreeMap<>();
        for (FunctionDefinition function : TEMPLATE.functions().values()) {
            for (FunctionEvent.HttpApi event : function.events(FunctionEvent.HttpApi.class)) {
                String key = event.method() + " " + event.path();
                Route previous = routes.put(key, new Route(function, event));
                if (previous != null) {
                    fail(key + " is served by both " + previous.function().logicalId() + " and "
                            + function.logicalId());
                }
            }
        }
        return routes;
    }

    /** "METHOD /path" of every operation in the OpenAPI document. */
    private static Map<String, Map<String, Object>> operations() {
        Map<String, Map<String, Object>> operations = new TreeMap<>();
        map(OPENAPI, "paths").forEach((path, item) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> pathItem = (Map<String, Object>) item;
            pathItem.forEach((name, operation) -> {
                if (HTTP_METHODS.contains(name)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> op = (Map<String, Object>) operation;
                    operations.put(name.toUpperCase(Locale.ROOT) + " " + path, op);
                }
            });
        });
        return operations;
    }

    /** The operation's own security requirements, or the document's when it declares none. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> effectiveSecurity(Map<String, Object> operation) {
        Object security = operation.containsKey("security") ? operation.get("security") : OPENAPI.get("security");
        return security == null ? List.of() : (List<Map<String, Object>>) security;
    }

    private static Map<String, Object> responses(Map<String, Object> operation) {
        Map<String, Object> responses = new TreeMap<>();
        map(operation, "responses").forEach((status, response) -> responses.put(String.valueOf(status), response));
        return responses;
    }

    /** A response object, following a {@code $ref} into {@code #/components/responses}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Object response) {
        Map<String, Object> object = (Map<String, Object>) response;
        Object ref = object.get("$ref");
        if (ref == null) {
            return object;
        }
        String prefix = "#/components/responses/";
        assertTrue(ref.toString().startsWith(prefix), "unexpected response $ref " + ref);
        return map(map(map(OPENAPI, "components"), "responses"), ref.toString().substring(prefix.length()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map<?, ?>)) {
            fail("docs/openapi.yaml: expected a mapping at '" + key + "', found " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> loadOpenApi(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Object document =
                new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        if (!(document instanceof Map<?, ?> root)) {
            throw new IllegalStateException(file + " is not a YAML mapping");
        }
        return (Map<String, Object>) root;
    }
}
