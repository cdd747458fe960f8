package io.tenantry.shared.page;

/**
 * Where {@link CursorCodec} gets its keys. The functions' source is {@link SecretsManagerCursorKeys}; a test may pass a
 * fixed ring ({@code () -> ring}).
 */
@FunctionalInterface
public interface CursorKeys {

    /**
     * The keys in force now. Throws {@link io.tenantry.shared.problem.ServiceUnavailableException} (503, with {@code
     * Retry-After}) when there is no key to be had.
     */
    CursorKeyRing keys();
}
