package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.iam.Decision;
import io.tenantry.local.iam.PolicyDocument;
import io.tenantry.local.iam.PolicyEvaluator;
import io.tenantry.local.iam.RequestContexts;
import io.tenantry.local.template.Arns;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateResources;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The template's tenant roles, resolved against local resources as the local backend and the test kit register them
 * with the local STS: each allows its tenant's keys and objects (with the session's tag) and no other tenant's.
 */
class RoleRegistrarTest {
    static final String TENANT = "ten_01HZX3A7QK2M8N4P6R9S0T1V2W";
    static final String OTHER = "ten_01HZX3A7QK2M8N4P6R9S0T1V2X";

    static Path template() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("template.yaml not found");
    }

    @Test
    void theTemplatesTenantRoles_areRegistered_andHoldASessionToItsTenant() {
        SamTemplate template = SamTemplate.load(template());
        Map<String, List<PolicyDocument>> registered = new LinkedHashMap<>();
        AwsBackend backend = new AwsBackend() {
            @Override
            public Endpoints endpoints() {
                return Endpoints.single(URI.create("http://127.0.0.1:1"));
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
                return "recording";
            }

            @Override
            public void registerRole(String roleArn, List<PolicyDocument> policies) {
                registered.put(roleArn, policies);
            }

            @Override
            public void close() {}
        };
        Intrinsics intrinsics =
                new Intrinsics(template, new TemplateResources(template, URI.create("http://127.0.0.1:1")));
        List<String> roles = RoleRegistrar.register(backend, template, intrinsics);

        assertEquals(List.of("TenantReadOnlyRole", "TenantReadWriteRole"), roles);
        String table = intrinsics.resolveString(Map.of("Fn::GetAtt", List.of("TenantryTable", "Arn")), "table");
        String bucket = intrinsics.resolveString(Map.of("Fn::GetAtt", List.of("MediaBucket", "Arn")), "bucket");
        List<String> wrong = new ArrayList<>();
        for (String role : roles) {
            PolicyEvaluator session = PolicyEvaluator.of(registered.get(Arns.role(role)));
            Map<String, String> tags = Map.of("TenantId", TENANT);
            Decision own = session.evaluate(
                    RequestContexts.dynamoDb("BatchGetItem", table, List.of("TENANT#" + TENANT, "TENANT#" + TENANT))
                            .withPrincipalTags(tags));
            Decision ownObject = session.evaluate(RequestContexts.s3Object(
                            "GetObject", bucket.substring("arn:aws:s3:::".length()), "tenants/" + TENANT + "/m")
                    .withPrincipalTags(tags));
            Decision foreign = session.evaluate(RequestContexts.dynamoDb("GetItem", table, List.of("TENANT#" + OTHER))
                    .withPrincipalTags(tags));
            if (!own.allowed()) {
                wrong.add(role + ": " + own.message());
            }
            if (!ownObject.allowed()) {
                wrong.add(role + ": " + ownObject.message());
            }
            assertFalse(foreign.allowed(), role + " reaches another tenant");
        }
        assertEquals(List.of(), wrong);
        assertTrue(table.startsWith("arn:aws:dynamodb:"), table);
    }
}
