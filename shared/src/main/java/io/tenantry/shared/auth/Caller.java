package io.tenantry.shared.auth;

import java.util.Optional;

/**
 * The verified identity behind a request, built only from verified token claims: {@code sub}, {@code
 * email}, and the membership the token was issued for ({@code tenant_id}, {@code role}), if any.
 */
public record Caller(String subject, String email, Optional<String> tenantId, Optional<Role> role) {

    /**
     * The access a caller gets to a tenant it has just created, as its owner. The only way to reach
     * a tenant partition that the token does not name.
     */
    public TenantAccess ownerOfNewTenant(String newTenantId) {
        return new TenantAccess(newTenantId, Role.OWNER, this);
    }
}
