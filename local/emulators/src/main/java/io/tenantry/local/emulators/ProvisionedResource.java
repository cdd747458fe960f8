package io.tenantry.local.emulators;

import java.util.Map;

/**
 * A resource as it exists on the backend: its type, physical name, what {@code Ref} gives (name, or URL for a
 * queue) and its {@code Fn::GetAtt} attributes ({@code Arn}…).
 */
public record ProvisionedResource(
        String logicalId, String type, String physicalName, String ref, Map<String, String> attributes) {

    public ProvisionedResource {
        attributes = Map.copyOf(attributes);
    }

    /** The resource's ARN, or null if it has none. */
    public String arn() {
        return attributes.get("Arn");
    }
}
