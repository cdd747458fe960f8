package io.tenantry.local.emulators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tenantry.local.iam.PolicyDocument;
import io.tenantry.local.template.Arns;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives the template's IAM roles (the tenant roles) to the backend's STS with their inline policies, resolved against
 * the local resources, so that credentials assumed from them are held to those policies on every DynamoDB and S3
 * call: the template's own policy is the one enforced locally, not a copy of it.
 */
public final class RoleRegistrar {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RoleRegistrar() {}

    /** Registers every {@code AWS::IAM::Role} of {@code template}; returns their logical ids. */
    public static List<String> register(AwsBackend backend, SamTemplate template, Intrinsics intrinsics) {
        List<String> registered = new ArrayList<>();
        template.resources().forEach((logicalId, resource) -> {
            if (resource.type().equals(TemplateResource.ROLE)) {
                backend.registerRole(Arns.role(logicalId), policies(logicalId, resource, intrinsics));
                registered.add(logicalId);
            }
        });
        return registered;
    }

    static List<PolicyDocument> policies(String logicalId, TemplateResource role, Intrinsics intrinsics) {
        Object declared = role.properties().get("Policies");
        if (declared == null) {
            return List.of();
        }
        List<PolicyDocument> documents = new ArrayList<>();
        String path = logicalId + ".Properties.Policies";
        if (!(declared instanceof List<?> policies)) {
            throw new IllegalStateException(path + " is not a list");
        }
        for (int i = 0; i < policies.size(); i++) {
            if (!(policies.get(i) instanceof Map<?, ?> policy)) {
                throw new IllegalStateException(path + "[" + i + "] is not a map");
            }
            Object document = intrinsics.resolve(policy.get("PolicyDocument"), path + "[" + i + "].PolicyDocument");
            Object policyName = policy.get("PolicyName");
            String name = logicalId + "/" + (policyName == null ? "#" + i : policyName);
            try {
                documents.add(PolicyDocument.parse(name, JSON.writeValueAsString(document)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("The policy " + name + " is not JSON", e);
            }
        }
        return documents;
    }
}
