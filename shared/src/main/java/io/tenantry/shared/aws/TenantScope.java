package io.tenantry.shared.aws;

import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant whose data the current thread is working on, and how: reading, or reading and writing.
 * While work runs inside {@link #call}, every DynamoDB and S3 call made with the default clients (and
 * every URL the presigner signs) is signed with that tenant's scoped credentials ({@link
 * TenantCredentials}): IAM then refuses any key outside the tenant's partitions and prefix, whatever
 * the code asks for. The runtime enters the scope of an admitted tenant route around its handler
 * (read-only for {@code GET} routes); code that reads a tenant's items outside a handler (the
 * admission's read of the tenant record) enters it explicitly.
 *
 * <p>Scopes nest only for the same tenant, and the outer scope's access stays: entering another
 * tenant's scope from inside one is a bug and throws, so no request can mix two tenants' credentials.
 */
@Singleton
public final class TenantScope {
    /** Which tenant role a scope's credentials come from. */
    public enum Access {
        READ_ONLY,
        READ_WRITE
    }

    /** The scope a thread is in. */
    public record Current(String tenantId, Access access) {}

    private final ThreadLocal<Current> current = new ThreadLocal<>();

    /** Runs {@code work} with {@code tenantId}'s credentials for {@code access}; back to the previous scope after. */
    public <T> T call(String tenantId, Access access, Supplier<T> work) {
        Current outer = current.get();
        if (outer != null) {
            if (!outer.tenantId().equals(tenantId)) {
                throw new IllegalStateException("A tenant scope cannot be entered from another tenant's scope.");
            }
            return work.get();
        }
        current.set(new Current(tenantId, access));
        try {
            return work.get();
        } finally {
            current.remove();
        }
    }

    /** The scope this thread is in, if any. */
    public Optional<Current> current() {
        return Optional.ofNullable(current.get());
    }
}
