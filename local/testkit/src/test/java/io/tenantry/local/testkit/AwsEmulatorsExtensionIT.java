package io.tenantry.local.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.template.TemplateException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@EmulatedAws
class AwsEmulatorsExtensionIT {
    private static AwsEnvironment fromBeforeAll;
    private final AwsEnvironment fromConstructor;

    AwsEmulatorsExtensionIT(AwsEnvironment aws) {
        this.fromConstructor = aws;
    }

    @BeforeAll
    static void remember(AwsEnvironment aws) {
        fromBeforeAll = aws;
    }

    @Test
    void injectsOneEnvironment_intoConstructorsLifecycleAndTestMethods(AwsEnvironment aws) {
        assertSame(fromBeforeAll, aws);
        assertSame(fromConstructor, aws);
        SharedEnvironmentProbe.assertSameAsEveryOtherClass(aws);
    }

    @Test
    void provisionsTheTemplatesTable(AwsEnvironment aws) {
        String table = aws.resources().tableName("TenantryTable");
        assertEquals(
                "PK",
                aws.dynamoDb()
                        .describeTable(r -> r.tableName(table))
                        .table()
                        .keySchema()
                        .get(0)
                        .attributeName());
    }

    @Test
    void functionEnvironment_resolvesTheTableName(AwsEnvironment aws) {
        Map<String, String> environment = aws.functionEnvironment("CreateTenantFunction");
        assertEquals(aws.resources().tableName("TenantryTable"), environment.get("TENANTRY_TABLE"));
    }

    @Test
    void functionEnvironment_ofAnUnknownFunction_namesTheFunctions(AwsEnvironment aws) {
        Executable lookup = () -> aws.functionEnvironment("NoSuchFunction");
        TemplateException e = org.junit.jupiter.api.Assertions.assertThrows(TemplateException.class, lookup);
        assertTrue(e.getMessage().contains("CreateTenantFunction"), e.getMessage());
    }

    @Test
    void micronautProperties_carryVariablesEndpointsRegionAndCredentials(AwsEnvironment aws) {
        Map<String, Object> properties = aws.micronautProperties("CreateTenantFunction");
        assertEquals(aws.resources().tableName("TenantryTable"), properties.get("tenantry.table"));
        assertEquals(aws.endpoints().dynamodb().toString(), properties.get("tenantry.endpoint.dynamodb"));
        assertEquals(aws.endpoints().sqs().toString(), properties.get("tenantry.endpoint.sqs"));
        assertEquals(aws.endpoints().s3().toString(), properties.get("tenantry.endpoint.s3"));
        assertEquals("us-east-1", properties.get("tenantry.aws.region"));
        assertEquals(aws.accessKeyId(), properties.get("tenantry.aws.access-key-id"));
        assertEquals(aws.secretAccessKey(), properties.get("tenantry.aws.secret-access-key"));
    }

    @Test
    void propertyName_lowercasesAndDotsUnderscores() {
        assertEquals("tenantry.table", AwsEnvironment.propertyName("TENANTRY_TABLE"));
        assertEquals("java.tool.options", AwsEnvironment.propertyName("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void sdkClients_areBuiltOnce(AwsEnvironment aws) {
        assertSame(aws.dynamoDb(), aws.dynamoDb());
        assertSame(aws.sqs(), aws.sqs());
        assertSame(aws.s3(), aws.s3());
        assertSame(aws.sdkClients().s3(), aws.s3());
    }
}
