package io.tenantry.local.emulators;

import io.tenantry.local.iam.PolicyDocument;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/** A running AWS look-alike: where it answers and the credentials it accepts. Closing stops what was started. */
public interface AwsBackend extends AutoCloseable {

    Endpoints endpoints();

    default Region region() {
        return Region.US_EAST_1;
    }

    String accessKeyId();

    String secretAccessKey();

    /**
     * Makes an IAM role assumable on this backend's STS, with the policies its sessions are held to. Only the
     * embedded emulators enforce them ({@link EmbeddedAws}); other backends accept any role and ignore this.
     */
    default void registerRole(String roleArn, List<PolicyDocument> policies) {}

    /** A short description for logs and failure messages. */
    String description();

    @Override
    void close();
}
