package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The project's own template.yaml, as the local stack reads it. */
class RealTemplateTest {
    private static final SamTemplate TEMPLATE = SamTemplate.load(templateFile());

    static Path templateFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("No template.yaml above " + Path.of("").toAbsolutePath());
    }

    @Test
    void tenantryTable_hasTenantKeysAndTtl() {
        DynamoTableDefinition table = TEMPLATE.tables().get("TenantryTable");
        assertEquals("TenantryTable", table.tableName());
        assertEquals("PK", table.hashKey());
        assertEquals("SK", table.rangeKey());
        assertEquals("S", table.attributeDefinitions().get("PK"));
        assertEquals("expiresAt", table.ttlAttribute());
    }

    @Test
    void everyFunction_hasAHandlerInTheBasePackage_andTheGlobals() {
        assertFalse(TEMPLATE.functions().isEmpty());
        TEMPLATE.functions().values().forEach(function -> {
            assertTrue(function.handler().startsWith("io.tenantry."), function.logicalId());
            assertEquals("java21", function.runtime(), function.logicalId());
            assertTrue(function.timeout() > 0, function.logicalId());
            assertTrue(function.environment().containsKey("TENANTRY_TABLE"), function.logicalId());
        });
    }

    @Test
    void createTenant_isAnAuthorizedPostRoute() {
        FunctionDefinition create = TEMPLATE.function("CreateTenantFunction");
        assertEquals("io.tenantry.tenants.handler.CreateTenantHandler", create.handler());
        assertEquals(1024, create.memorySize());
        FunctionEvent.HttpApi route = create.events(FunctionEvent.HttpApi.class).get(0);
        assertEquals("POST", route.method());
        assertEquals("/v1/tenants", route.path());
        assertNull(route.authorizer());
    }

    @Test
    void health_isPublic() {
        FunctionEvent.HttpApi route = TEMPLATE.function("GetHealthFunction")
                .events(FunctionEvent.HttpApi.class)
                .get(0);
        assertTrue(route.isPublic());
        assertEquals("/v1/health", route.path());
    }

    @Test
    void costExport_retriesTwice_thenGoesToItsDeadLetterQueue() {
        FunctionDefinition export = TEMPLATE.function("CostExportFunction");
        EventInvokeConfig config = export.eventInvokeConfig();
        assertEquals(2, config.maximumRetryAttempts());
        assertEquals(21600, config.maximumEventAgeInSeconds());
        assertTrue(config.onFailure().isSqs());
        assertNull(config.onSuccess());
        Intrinsics intrinsics = new Intrinsics(TEMPLATE, new TemplateResources(TEMPLATE, URI.create("http://sqs")));
        assertEquals(
                java.util.Optional.of("CostExportDeadLetterQueue"),
                intrinsics.queueLogicalId(
                        config.onFailure().destination(), config.onFailure().path()));
        FunctionEvent.Schedule daily =
                export.events(FunctionEvent.Schedule.class).getFirst();
        assertEquals(java.util.Optional.of("CostExportDeadLetterQueue"), daily.deadLetterQueueLogicalId());
        assertEquals(3, daily.retryPolicy().maximumRetryAttempts());
        assertTrue(TEMPLATE.function("CreateTenantFunction").eventInvokeConfig().isDefault());
    }

    @Test
    void functionEnvironment_resolvesTheTableName() {
        Intrinsics intrinsics = new Intrinsics(TEMPLATE, new TemplateResources(TEMPLATE, URI.create("http://sqs")));
        TEMPLATE.functions()
                .values()
                .forEach(f ->
                        assertEquals("TenantryTable", intrinsics.environment(f).get("TENANTRY_TABLE")));
    }

    @Test
    void userPoolCondition_followsTheIssuerParameter() {
        TemplateResources resources = new TemplateResources(TEMPLATE, URI.create("http://sqs"));
        assertTrue(new Intrinsics(TEMPLATE, resources).condition("CreateUserPool"));
        assertFalse(new Intrinsics(TEMPLATE, resources, java.util.Map.of("JwtIssuer", "https://idp.test"))
                .condition("CreateUserPool"));
    }
}
