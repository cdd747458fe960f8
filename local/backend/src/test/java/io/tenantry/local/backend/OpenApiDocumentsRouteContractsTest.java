package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.testkit.ProjectRoot;
import io.tenantry.shared.http.Route;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/openapi.yaml documents, for every tenant route, the refusals that the route's {@link Route} declaration makes
 * {@code ApiRuntime} answer before the handler runs, in the contract's order: 401 (the token), 404 (the token's tenant
 * is gone: deleted, or being deleted), 403 (membership, role), 429 (the plan's rate). The route's own answers are the
 * handler's and the document's business; these four hold for every tenant route, collections and creates included.
 * (This module sees every handler class; local/emulators' OpenApiMatchesTemplateTest checks routes, functions and
 * security.)
 */
class OpenApiDocumentsRouteContractsTest {
    private static final List<String> TENANT_ROUTE_REFUSALS = List.of("401", "403", "404", "429");

    @Test
    void everyTenantRoute_documentsTheRefusalsItsDeclarationMakes() throws Exception {
        Map<String, Object> paths = map(openApi(), "paths");
        List<String> missing = new ArrayList<>();
        int tenantRoutes = 0;
        for (FunctionDefinition function :
                SamTemplate.load(ProjectRoot.template()).functions().values()) {
            for (FunctionEvent.HttpApi event : function.events(FunctionEvent.HttpApi.class)) {
                Route route = Class.forName(function.handler()).getAnnotation(Route.class);
                assertNotNull(route, function.handler() + " declares no @Route");
                assertEquals(event.method() + " " + event.path(), route.value(), function.handler());
                if (route.access() != Route.Access.TENANT) {
                    continue;
                }
                tenantRoutes++;
                Map<String, Object> operation =
                        map(map(paths, event.path()), event.method().toLowerCase(Locale.ROOT));
                TreeSet<String> documented = new TreeSet<>();
                map(operation, "responses").keySet().forEach(status -> documented.add(String.valueOf(status)));
                for (String status : TENANT_ROUTE_REFUSALS) {
                    if (!documented.contains(status)) {
                        missing.add(route.value() + " " + status);
                    }
                }
            }
        }
        assertTrue(tenantRoutes > 10, "found only " + tenantRoutes + " tenant routes in template.yaml");
        assertTrue(missing.isEmpty(), "docs/openapi.yaml lacks these tenant routes' refusals: " + missing);
    }

    private static Map<String, Object> openApi() throws IOException {
        String text = Files.readString(ProjectRoot.get().resolve("docs/openapi.yaml"));
        return asMap(new Load(LoadSettings.builder().build()).loadFromString(text), "docs/openapi.yaml");
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return asMap(parent.get(key), key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String what) {
        assertTrue(value instanceof Map<?, ?>, "docs/openapi.yaml: expected a mapping at '" + what + "'");
        return (Map<String, Object>) value;
    }
}
