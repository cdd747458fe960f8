package io.tenantry.local.emulators;

import java.net.URI;

/** Where the three AWS services answer. */
public record Endpoints(URI dynamodb, URI sqs, URI s3) {

    /** One endpoint for all three services (moto_server, LocalStack). */
    public static Endpoints single(URI endpoint) {
        return new Endpoints(endpoint, endpoint, endpoint);
    }
}
