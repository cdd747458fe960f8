package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules of the project's template.yaml that a deployment depends on and that neither cfn-lint nor the local stack
 * checks: each test reads the real template and names every resource that breaks its rule.
 */
class TemplateGuardrailsTest {
    static final SamTemplate TEMPLATE = SamTemplate.load(RealTemplateTest.templateFile());

    /** A function's own property, else the one of {@code Globals.Function}. */
    static Object effective(TemplateResource function, String property) {
        return function.properties().containsKey(property)
                ? function.properties().get(property)
                : TEMPLATE.functionGlobals().get(property);
    }

    static Map<String, Object> map(Object value, String path) {
        return Nodes.map(value, path);
    }

    static List<TemplateResource> ofType(String type) {
        return TEMPLATE.resources().values().stream()
                .filter(r -> r.type().equals(type))
                .toList();
    }

    // ------------------------------------------------------------------ SnapStart and /tmp

    /** Lambda refuses SnapStart on a function with more than 512 MB of ephemeral storage: the deploy fails. */
    @Test
    void everySnapStartFunction_hasAtMost512MbOfEphemeralStorage() {
        List<String> tooBig = new ArrayList<>();
        int snapStarted = 0;
        for (TemplateResource function : ofType(TemplateResource.FUNCTION)) {
            Map<String, Object> snapStart = map(effective(function, "SnapStart"), function.path("SnapStart"));
            if (!"PublishedVersions".equals(snapStart.get("ApplyOn"))) {
                continue;
            }
            snapStarted++;
            Map<String, Object> storage =
                    map(effective(function, "EphemeralStorage"), function.path("EphemeralStorage"));
            Integer size = Nodes.integer(storage.get("Size"), function.path("EphemeralStorage.Size"));
            if (size != null && size > 512) {
                tooBig.add(function.logicalId() + " (" + size + " MB)");
            }
        }
        assertEquals(TEMPLATE.functions().size(), snapStarted, "every function runs on SnapStart");
        assertEquals(List.of(), tooBig, "SnapStart allows at most 512 MB of /tmp");
    }
}
