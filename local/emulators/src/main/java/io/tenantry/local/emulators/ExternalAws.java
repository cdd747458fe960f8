package io.tenantry.local.emulators;

import java.net.URI;

/**
 * A backend someone else runs (moto_server, a long-lived LocalStack): one URL for every service, SES included (both
 * answer SES v2's {@code SendEmail}). The emails sent stay in that server, which has its own way of listing them;
 * {@code GET /local/mail} is the embedded SES's ({@link EmbeddedAws#ses()}), and the local backend always runs on
 * the embedded emulators. Close is a no-op.
 */
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
