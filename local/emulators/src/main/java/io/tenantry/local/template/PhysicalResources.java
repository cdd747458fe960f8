package io.tenantry.local.template;

import java.util.Optional;

/** What a resource's {@code Ref} and {@code Fn::GetAtt} evaluate to where the template runs. */
public interface PhysicalResources {

    /** The value of {@code {"Ref": logicalId}}: a table or bucket name, a queue URL, a function name. */
    Optional<String> ref(String logicalId);

    /** The value of {@code {"Fn::GetAtt": [logicalId, attribute]}}. */
    Optional<String> attribute(String logicalId, String attribute);
}
