package io.tenantry.local.backend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateParameter;
import io.tenantry.local.template.TemplateResource;
import io.tenantry.local.template.TemplateResources;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.plan.PlanLimits;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The limits the real template.yaml sets around the code's own: the HTTP API's stage throttling, a backstop far above
 * every plan's rate together, and the reserved concurrency a deployment may give the queue workers.
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

    /**
     * Each queue worker may get reserved concurrency from its own parameter; by default none is reserved. The media
     * upload relay is left out: its work is a few milliseconds of sends per upload, bounded by its event source's
     * {@code MaximumConcurrency} of 2, and reserving concurrency for it would only take it from the others.
     */
    @Test
    void everyQueueWorker_reservesConcurrency_onlyWhenItsParameterIsSet() {
        List<FunctionDefinition> workers = TEMPLATE.functions().values().stream()
                .filter(f -> !f.events(FunctionEvent.Sqs.class).isEmpty())
                .filter(f -> !f.logicalId().equals("MediaUploadRelayFunction"))
                .toList();
        assertEquals(
                List.of(
                        "MediaQueueFunction",
                        "EmailQueueFunction",
                        "WebhookQueueFunction",
                        "InvoiceQueueFunction",
                        "TenantPurgeQueueFunction"),
                workers.stream().map(FunctionDefinition::logicalId).toList());
        for (FunctionDefinition worker : workers) {
            TemplateResource resource = TEMPLATE.resource(worker.logicalId());
            Object reserved = resource.properties().get("ReservedConcurrentExecutions");
            List<?> choice = (List<?>) map(reserved).get("Fn::If");
            assertTrue(choice != null && choice.size() == 3, () -> worker.logicalId() + ": " + reserved);
            assertEquals(Map.of("Ref", "AWS::NoValue"), choice.get(2), worker.logicalId());
            String parameter = String.valueOf(map(choice.get(1)).get("Ref"));
            TemplateParameter declared = TEMPLATE.parameters().get(parameter);
            assertTrue(declared != null, () -> worker.logicalId() + " names no parameter: " + parameter);
            assertEquals("", declared.defaultValue(), parameter + " is unset by default");

            String at = resource.path("ReservedConcurrentExecutions");
            assertNull(intrinsics(Map.of()).resolve(reserved, at), worker.logicalId() + " reserves nothing by default");
            assertEquals("7", intrinsics(Map.of(parameter, "7")).resolve(reserved, at));
        }
        long parameters = TEMPLATE.parameters().keySet().stream()
                .filter(name -> name.endsWith("ReservedConcurrency"))
                .count();
        assertEquals(workers.size(), parameters, "one parameter per worker");
        assertFalse(TEMPLATE.functions().values().stream()
                .filter(f -> f.events(FunctionEvent.Sqs.class).isEmpty())
                .anyMatch(f ->
                        TEMPLATE.resource(f.logicalId()).properties().containsKey("ReservedConcurrentExecutions")));
    }
}
