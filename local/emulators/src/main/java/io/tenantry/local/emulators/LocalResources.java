package io.tenantry.local.emulators;

import io.tenantry.local.template.PhysicalResources;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The template's resources as provisioned on a backend, by logical id. */
public final class LocalResources implements PhysicalResources {
    private final Map<String, ProvisionedResource> byLogicalId;

    public LocalResources(Map<String, ProvisionedResource> byLogicalId) {
        this.byLogicalId = Collections.unmodifiableMap(new LinkedHashMap<>(byLogicalId));
    }

    /** Every provisioned resource, in template order. */
    public Map<String, ProvisionedResource> all() {
        return byLogicalId;
    }

    /** One resource; fails naming the ones there are. */
    public ProvisionedResource get(String logicalId) {
        ProvisionedResource resource = byLogicalId.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException(
                    "No local resource " + logicalId + "; provisioned: " + byLogicalId.keySet());
        }
        return resource;
    }

    /** The physical name: table name, queue name, bucket name, function name. */
    public String physicalName(String logicalId) {
        return get(logicalId).physicalName();
    }

    public String tableName(String logicalId) {
        return physicalName(logicalId);
    }

    public String bucketName(String logicalId) {
        return physicalName(logicalId);
    }

    public String queueUrl(String logicalId) {
        return get(logicalId).attributes().get("QueueUrl");
    }

    public String arn(String logicalId) {
        return get(logicalId).arn();
    }

    @Override
    public Optional<String> ref(String logicalId) {
        return Optional.ofNullable(byLogicalId.get(logicalId)).map(ProvisionedResource::ref);
    }

    @Override
    public Optional<String> attribute(String logicalId, String attribute) {
        return Optional.ofNullable(byLogicalId.get(logicalId))
                .map(r -> r.attributes().get(attribute));
    }

    @Override
    public String toString() {
        return "LocalResources" + byLogicalId.keySet();
    }
}
