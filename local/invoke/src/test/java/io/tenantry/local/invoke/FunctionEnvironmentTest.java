package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.emulators.AwsBackend;
import io.tenantry.local.emulators.Endpoints;
import io.tenantry.local.emulators.ExternalAws;
import io.tenantry.local.function.EnvVarsFile;
import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.function.FunctionEnvironments;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FunctionEnvironmentTest {
    private static final Path TASK_ROOT = Path.of("/work/.aws-sam/build/F");

    @Test
    void build_setsWhatLambdaSets_andTheTemplatesVariables() {
        Map<String, String> env = build(Map.of("TENANTRY_TABLE", "TenantryTable"), Map.of(), embedded())
                .variables();

        assertEquals("pkg.Handler", env.get("_HANDLER"));
        assertEquals("F", env.get("AWS_LAMBDA_FUNCTION_NAME"));
        assertEquals("1024", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        assertEquals("$LATEST", env.get("AWS_LAMBDA_FUNCTION_VERSION"));
        assertEquals("us-east-1", env.get("AWS_REGION"));
        assertEquals("us-east-1", env.get("AWS_DEFAULT_REGION"));
        assertEquals("key", env.get("AWS_ACCESS_KEY_ID"));
        assertEquals("secret", env.get("AWS_SECRET_ACCESS_KEY"));
        assertEquals(":UTC", env.get("TZ"));
        assertEquals(TASK_ROOT.toString(), env.get("LAMBDA_TASK_ROOT"));
        assertEquals("/aws/lambda/F", env.get("AWS_LAMBDA_LOG_GROUP_NAME"));
        assertTrue(env.get("AWS_LAMBDA_LOG_STREAM_NAME").contains("/[$LATEST]"));
        assertEquals("TenantryTable", env.get("TENANTRY_TABLE"));
        assertTrue(env.containsKey("PATH"));
    }

    @Test
    void build_pointsEachServiceAtItsEmulator_andLeavesTheGenericEndpointUnset() {
        Map<String, String> env = build(Map.of(), Map.of(), embedded()).variables();

        assertEquals("http://127.0.0.1:1001", env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        assertEquals("http://127.0.0.1:1002", env.get("AWS_ENDPOINT_URL_SQS"));
        assertEquals("http://127.0.0.1:1003", env.get("AWS_ENDPOINT_URL_S3"));
        assertEquals("http://127.0.0.1:1004", env.get("AWS_ENDPOINT_URL_STS"));
        assertEquals("http://127.0.0.1:1005", env.get("AWS_ENDPOINT_URL_SECRETSMANAGER"));
        assertEquals("http://127.0.0.1:1006", env.get("AWS_ENDPOINT_URL_SES"));
        assertEquals("http://127.0.0.1:1006", env.get("AWS_ENDPOINT_URL_SESV2"));
        assertFalse(env.containsKey("AWS_ENDPOINT_URL"));
    }

    @Test
    void build_setsTheGenericEndpoint_whenOneUrlServesEveryService() {
        Map<String, String> env = build(Map.of(), Map.of(), ExternalAws.at(URI.create("http://127.0.0.1:5000")))
                .variables();

        assertEquals("http://127.0.0.1:5000", env.get("AWS_ENDPOINT_URL"));
        assertEquals("http://127.0.0.1:5000", env.get("AWS_ENDPOINT_URL_S3"));
        assertEquals("http://127.0.0.1:5000", env.get("AWS_ENDPOINT_URL_SECRETSMANAGER"));
        assertEquals("http://127.0.0.1:5000", env.get("AWS_ENDPOINT_URL_SESV2"));
    }

    @Test
    void build_overridesOnlyVariablesTheTemplateDeclares_asSamLocalInvokeDoes() {
        FunctionEnvironment.Result result = build(
                Map.of("TENANTRY_TABLE", "TenantryTable"),
                Map.of("TENANTRY_TABLE", "other", "AWS_ENDPOINT_URL", "http://127.0.0.1:8000"),
                embedded());

        assertEquals("other", result.variables().get("TENANTRY_TABLE"));
        assertFalse(result.variables().containsKey("AWS_ENDPOINT_URL"));
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("AWS_ENDPOINT_URL") && n.contains("ignored")));
    }

    @Test
    void build_ignoresParametersTheFunctionDoesNotDeclare_quietly() {
        FunctionEnvironment.Result result =
                build(Map.of("TENANTRY_TABLE", "TenantryTable"), Map.of("MEDIA_BUCKET", "b"), Set.of(), embedded());

        assertFalse(result.variables().containsKey("MEDIA_BUCKET"));
        assertTrue(result.notes().isEmpty(), result.notes().toString());
    }

    @Test
    void build_warnsWhenAnOverridePointsAtDockersHostName() {
        FunctionEnvironment.Result result = build(
                Map.of("TENANTRY_ENDPOINT_DYNAMODB", ""),
                Map.of("TENANTRY_ENDPOINT_DYNAMODB", "http://host.docker.internal:8000"),
                embedded());

        assertTrue(
                result.notes().stream().anyMatch(n -> n.contains("host.docker.internal")),
                result.notes().toString());
    }

    @Test
    void build_dropsReservedNamesTheTemplateSets_andSaysSo() {
        FunctionEnvironment.Result result = build(Map.of("AWS_REGION", "eu-west-1"), Map.of(), embedded());

        assertEquals("us-east-1", result.variables().get("AWS_REGION"));
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("AWS_REGION") && n.contains("reserved")));
    }

    @Test
    void build_letsTheTemplateSetJavaToolOptions_forTheJvmToRead() {
        Map<String, String> env = build(
                        Map.of("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"),
                        Map.of(),
                        embedded())
                .variables();

        assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1", env.get("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void envVarsFile_givesAFunctionsOwnSectionPrecedenceOverParameters() {
        EnvVarsFile file = EnvVarsFile.parse(
                "{\"Parameters\": {\"A\": \"all\", \"B\": 2}, \"F\": {\"A\": \"mine\"}, \"G\": {\"A\": \"g\"}}",
                "env.json");

        Map<String, String> forF = file.overridesFor("F");
        assertEquals("mine", forF.get("A"));
        assertEquals("2", forF.get("B"));
        assertEquals("all", file.overridesFor("H").get("A"));
    }

    @Test
    void envVarsFile_refusesAnythingButSectionsOfVariables() {
        assertThrows(IllegalArgumentException.class, () -> EnvVarsFile.parse("[1]", "env.json"));
        assertThrows(IllegalArgumentException.class, () -> EnvVarsFile.parse("{\"A\": \"b\"}", "env.json"));
    }

    private static FunctionEnvironment.Result build(
            Map<String, String> template, Map<String, String> overrides, AwsBackend backend) {
        return build(template, overrides, overrides.keySet(), backend);
    }

    private static FunctionEnvironment.Result build(
            Map<String, String> template,
            Map<String, String> overrides,
            Set<String> reportIfIgnored,
            AwsBackend backend) {
        FunctionConfig function = new FunctionConfig(
                "F", "pkg.Handler", 1024, 3, FunctionEnvironments.apply(template, overrides, name -> {}));
        return FunctionEnvironment.build(function, TASK_ROOT, overrides, reportIfIgnored, backend);
    }

    private static AwsBackend embedded() {
        return new AwsBackend() {
            @Override
            public Endpoints endpoints() {
                return new Endpoints(
                        URI.create("http://127.0.0.1:1001"),
                        URI.create("http://127.0.0.1:1002"),
                        URI.create("http://127.0.0.1:1003"),
                        URI.create("http://127.0.0.1:1004"),
                        URI.create("http://127.0.0.1:1005"),
                        URI.create("http://127.0.0.1:1006"));
            }

            @Override
            public String accessKeyId() {
                return "key";
            }

            @Override
            public String secretAccessKey() {
                return "secret";
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public void close() {}
        };
    }
}
