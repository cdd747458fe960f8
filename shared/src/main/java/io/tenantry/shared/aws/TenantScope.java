package io.tenantry.shared.aws;

import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant whose data the current thread is working on. While work runs inside {@link #call}, every
 * DynamoDB and S3 call made with the default clients (and every URL the presigner signs) is signed
 * with that tenant's scoped credentials ({@link TenantCredentials}): IAM then refuses any key outside
 * the tenant's partitions and prefix, whatever the code asks for. The runtime enters the scope of an
 * admitted tenant route around its handler; code that reads or writes a tenant's items outside a
 * handler (the admission's read of the tenant record) enters it explicitly.
 *
 * <p>Scopes nest only for the same tenant: entering another tenant's scope from inside one is a bug and
 * throws, so no request can mix two tenants' credentials.
 */
@Singleton
public final class TenantScope {
    private final ThreadLocal<String> current = new ThreadLocal<>();

    /** Runs {@code work} with {@code tenantId}'s credentials; back to the previous scope after. */
    public <T> T call(String tenantId, Supplier<T> work) {
        String outer = current.get();
        if (outer != null && !outer.equals(tenantId)) {
            throw new IllegalStateException("A tenant scope cannot be entered from another tenant's scope.");
        }
        current.set(tenantId);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                current.remove();
            }
        }
    }

    /** The tenant of the scope this thread is in, if any. */
    public Optional<String> current() {
        return Optional.ofNullable(current.get());
    }
}
