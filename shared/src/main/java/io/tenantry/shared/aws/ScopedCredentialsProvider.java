package io.tenantry.shared.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The credentials of the default DynamoDB and S3 clients and of the presigner: the tenant's scoped
 * credentials inside a {@link TenantScope}, the function's own outside one (workers, the admission's
 * identity reads, metering). The SDK resolves credentials on the calling thread for every request,
 * so the scope of the thread decides per call.
 */
final class ScopedCredentialsProvider implements AwsCredentialsProvider {
    private final TenantScope scope;
    private final TenantCredentials tenants;
    private final AwsCredentialsProvider own;

    ScopedCredentialsProvider(TenantScope scope, TenantCredentials tenants, AwsCredentialsProvider own) {
        this.scope = scope;
        this.tenants = tenants;
        this.own = own;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return scope.current()
                .map(current -> tenants.credentials(current.tenantId(), current.access()))
                .orElseGet(own::resolveCredentials);
    }
}
