package io.tenantry.local.backend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateResource;
import io.tenantry.local.template.TemplateResources;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.plan.PlanLimits;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The limits the real template.yaml sets around the code's own: the HTTP API's stage throttling, a backstop far above
 * every plan's rate together.
 */
class TemplateLimitsTest {
    static final SamTemplate TEMPLATE = SamTemplate.load(templateFile());

    static Path templateFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("No template.yaml above " + Path.of("").toAbsolutePath());
    }

    static Intrinsics intrinsics(Map<String, String> parameters) {
        return new Intrinsics(TEMPLATE, new TemplateResources(TEMPLATE, URI.create("http://sqs")), parameters);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    /**
     * API Gateway's own 429 stops a flood before it invokes a function; it must never be what limits tenants that keep
     * to their plans, even all of them at once, at their bursts.
     */
    @Test
    void theStagesThrottling_comesFromParameters_farAboveEveryPlansRateTogether() {
        TemplateResource api = TEMPLATE.resource("HttpApi");
        Map<String, Object> settings = map(api.properties().get("DefaultRouteSettings"));
        assertEquals(Map.of("Ref", "ApiThrottlingRateLimit"), settings.get("ThrottlingRateLimit"));
        assertEquals(Map.of("Ref", "ApiThrottlingBurstLimit"), settings.get("ThrottlingBurstLimit"));

        Map<String, Object> resolved = map(intrinsics(Map.of()).resolve(settings, api.path("DefaultRouteSettings")));
        double rate = Double.parseDouble(String.valueOf(resolved.get("ThrottlingRateLimit")));
        double burst = Double.parseDouble(String.valueOf(resolved.get("ThrottlingBurstLimit")));
        int plansRate = Arrays.stream(Plan.values())
                .mapToInt(p -> PlanLimits.of(p).requestsPerSecond())
                .sum();
        int plansBurst = Arrays.stream(Plan.values())
                .mapToInt(p -> PlanLimits.of(p).burst())
                .sum();
        assertTrue(rate >= 4.0 * plansRate, () -> "rate " + rate + " vs the plans' " + plansRate);
        assertTrue(burst >= 4.0 * plansBurst, () -> "burst " + burst + " vs the plans' " + plansBurst);
        assertTrue(burst >= rate, "a burst of at least a second's rate");
    }
}
