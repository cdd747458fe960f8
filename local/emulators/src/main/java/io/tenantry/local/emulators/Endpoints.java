package io.tenantry.local.emulators;

import java.net.URI;

/** Where the AWS services answer; {@code ses} is SES's API v2 ({@code SesV2Client}). */
public record Endpoints(URI dynamodb, URI sqs, URI s3, URI sts, URI secretsmanager, URI ses) {

    /** One endpoint for every service (moto_server, LocalStack). */
    public static Endpoints single(URI endpoint) {
        return new Endpoints(endpoint, endpoint, endpoint, endpoint, endpoint, endpoint);
    }
}
