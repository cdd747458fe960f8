package io.tenantry.local.faults;

import io.tenantry.local.emulators.AwsBackend;
import io.tenantry.local.emulators.Endpoints;
import io.tenantry.local.iam.PolicyDocument;
import java.util.List;

/**
 * An AWS backend seen through {@link FaultProxy}s: DynamoDB, SQS and S3 calls made to its endpoints meet the faults
 * in {@link #faults()}; STS, Secrets Manager and SES pass straight through. Give its endpoints to the code under test (the
 * local backend gives them to the functions) and the backend's own endpoints to whatever checks the outcome, which
 * then is never faulted. Closing stops the proxies, not the backend behind them.
 */
public final class FaultedAws implements AwsBackend {
    private final AwsBackend behind;
    private final Faults faults = new Faults();
    private final FaultProxy dynamodb;
    private final FaultProxy sqs;
    private final FaultProxy s3;
    private final Endpoints endpoints;

    private FaultedAws(AwsBackend behind) {
        this.behind = behind;
        Endpoints direct = behind.endpoints();
        this.dynamodb = FaultProxy.start("dynamodb", direct.dynamodb(), faults);
        this.sqs = FaultProxy.start("sqs", direct.sqs(), faults);
        this.s3 = FaultProxy.start("s3", direct.s3(), faults);
        this.endpoints = new Endpoints(
                dynamodb.endpoint(),
                sqs.endpoint(),
                s3.endpoint(),
                direct.sts(),
                direct.secretsmanager(),
                direct.ses());
    }

    /** Starts the proxies in front of {@code behind}. */
    public static FaultedAws around(AwsBackend behind) {
        return new FaultedAws(behind);
    }

    public Faults faults() {
        return faults;
    }

    /** The backend behind the proxies, for calls that must never be faulted. */
    public AwsBackend behind() {
        return behind;
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public software.amazon.awssdk.regions.Region region() {
        return behind.region();
    }

    @Override
    public String accessKeyId() {
        return behind.accessKeyId();
    }

    @Override
    public String secretAccessKey() {
        return behind.secretAccessKey();
    }

    @Override
    public void registerRole(String roleArn, List<PolicyDocument> policies) {
        behind.registerRole(roleArn, policies);
    }

    @Override
    public String description() {
        return behind.description() + ", behind fault proxies";
    }

    @Override
    public void close() {
        dynamodb.close();
        sqs.close();
        s3.close();
    }
}
