package io.tenantry.local.testkit;

import io.tenantry.local.emulators.AwsBackend;
import io.tenantry.local.emulators.Endpoints;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.regions.Region;

/** LocalStack in a container through Testcontainers; only where Docker runs. */
final class LocalStackBackend implements AwsBackend {
    static final String DEFAULT_IMAGE = "localstack/localstack:4.4";

    private final LocalStackContainer container;

    private LocalStackBackend(LocalStackContainer container) {
        this.container = container;
    }

    /** Starts the container; {@code image} null means {@value #DEFAULT_IMAGE}. */
    static LocalStackBackend start(String image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("tenantry.aws=localstack needs Docker, and no Docker daemon is reachable"
                    + " from this machine. Use tenantry.aws=embedded (the default) or endpoint=<url> instead.");
        }
        LocalStackContainer container =
                new LocalStackContainer(DockerImageName.parse(image == null ? DEFAULT_IMAGE : image));
        container.start();
        return new LocalStackBackend(container);
    }

    @Override
    public Endpoints endpoints() {
        return Endpoints.single(container.getEndpoint());
    }

    @Override
    public Region region() {
        return Region.of(container.getRegion());
    }

    @Override
    public String accessKeyId() {
        return container.getAccessKey();
    }

    @Override
    public String secretAccessKey() {
        return container.getSecretKey();
    }

    @Override
    public String description() {
        return "LocalStack " + container.getDockerImageName() + " at " + container.getEndpoint();
    }

    @Override
    public void close() {
        container.stop();
    }
}
