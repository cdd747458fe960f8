package io.tenantry.local.emulators;

import software.amazon.awssdk.regions.Region;

/** A running AWS look-alike: where it answers and the credentials it accepts. Closing stops what was started. */
public interface AwsBackend extends AutoCloseable {

    Endpoints endpoints();

    default Region region() {
        return Region.US_EAST_1;
    }

    String accessKeyId();

    String secretAccessKey();

    /** A short description for logs and failure messages. */
    String description();

    @Override
    void close();
}
