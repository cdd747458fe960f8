package io.tenantry.local.emulators;

import java.net.URI;

/** A backend someone else runs (moto_server, a long-lived LocalStack): one URL for every service. Close is a no-op. */
public record ExternalAws(URI endpoint, String accessKeyId, String secretAccessKey) implements AwsBackend {

    /** The endpoint with the dummy credentials such servers accept. */
    public static ExternalAws at(URI endpoint) {
        return new ExternalAws(endpoint, "test", "test");
    }

    @Override
    public Endpoints endpoints() {
        return Endpoints.single(endpoint);
    }

    @Override
    public String description() {
        return "external endpoint " + endpoint;
    }

    @Override
    public void close() {}
}
