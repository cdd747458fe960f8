package io.tenantry.local.emulators;

import io.tenantry.local.iam.TenantPolicies;
import io.tenantry.local.iam.TenantPolicies.Access;
import io.tenantry.local.template.Arns;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Tenant sessions as the functions will get them: the real tenant policy registered as the tenant access role, and
 * AssumeRole through the SDK's {@link StsClient} with the session tag {@code TenantId} (and, for read-only routes,
 * the read-only session policy).
 */
final class TenantSessions implements AutoCloseable {
    static final String ROLE_ARN = "arn:aws:iam::000000000000:role/TenantAccessRole";
    /** Two well-formed tenant ids that differ only in their last character. */
    static final String TENANT_A = "ten_01HZX3A7QK2M8N4P6R9S0T1V2W";

    static final String TENANT_B = "ten_01HZX3A7QK2M8N4P6R9S0T1V2X";

    private final EmbeddedAws aws;
    private final String table;
    private final String bucket;
    private final StsClient sts;

    TenantSessions(EmbeddedAws aws, String table, String bucket) {
        this.aws = aws;
        this.table = table;
        this.bucket = bucket;
        this.sts = StsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(aws.region())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey())))
                .endpointOverride(aws.endpoints().sts())
                .build();
        aws.registerRole(ROLE_ARN, List.of(TenantPolicies.policy(tableArn(), bucketArn(), Access.READ_WRITE)));
    }

    String tableArn() {
        return Arns.table(table);
    }

    String bucketArn() {
        return Arns.bucket(bucket);
    }

    StsClient sts() {
        return sts;
    }

    /** The tenant's credentials from AssumeRole; {@code sessionPolicy} null for the role's full access. */
    Credentials assume(String tenantId, Access sessionPolicy) {
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                .roleArn(ROLE_ARN)
                .roleSessionName("tenant-" + tenantId.substring(tenantId.length() - 6))
                .durationSeconds(900)
                .tags(Tag.builder()
                        .key(TenantPolicies.TENANT_ID_TAG)
                        .value(tenantId)
                        .build());
        if (sessionPolicy != null) {
            request.policy(TenantPolicies.policyJson(tableArn(), bucketArn(), sessionPolicy));
        }
        return sts.assumeRole(request.build()).credentials();
    }

    /** SDK clients signing with the tenant's session credentials. */
    AwsClients clients(String tenantId, Access sessionPolicy) {
        return clients(assume(tenantId, sessionPolicy));
    }

    AwsClients clients(Credentials credentials) {
        return new AwsClients(
                aws.endpoints(),
                aws.region(),
                AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
    }

    @Override
    public void close() {
        sts.close();
    }
}
