package io.tenantry.shared.auth;

import java.util.Optional;

/**
 * The verified identity behind a request, built only from verified token claims. A user is the pair
 * ({@code iss}, {@code sub}); {@code email} binds the user to invitations only when {@code
 * emailVerified}. {@code tenant_id} and {@code role} are the membership the token was issued for: a
 * hint, which the stored membership confirms or refuses on every request.
 */
public record Caller(
        String issuer,
        String subject,
        Optional<String> email,
        boolean emailVerified,
        Optional<String> tenantId,
        Optional<Role> role) {

    /** The caller's email address when the token vouches for it; empty otherwise. */
    public Optional<String> verifiedEmail() {
        return emailVerified ? email : Optional.empty();
    }

    /**
     * The access a caller gets to a tenant it has just created, as its owner. The only way to reach
     * a tenant partition that the token does not name.
     */
    public TenantAccess ownerOfNewTenant(String newTenantId, String userId) {
        return new TenantAccess(newTenantId, Role.OWNER, userId, this);
    }
}
