package io.tenantry.identity.model;

import io.tenantry.shared.auth.Claims;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The claims a token carries for a user: its address and whether it is verified, and the tenant
 * membership the token was issued for when there is one ({@code tenant_id} and {@code role}).
 */
public record TokenClaims(
        String userId,
        Optional<String> email,
        boolean emailVerified,
        Optional<String> tenantId,
        Optional<String> role) {

    /** The claims that a token issuer adds to its standard ones. */
    public Map<String, String> tenantClaims() {
        Map<String, String> claims = new LinkedHashMap<>();
        tenantId.ifPresent(t -> claims.put(Claims.TENANT_ID, t));
        role.ifPresent(r -> claims.put(Claims.ROLE, r));
        return claims;
    }
}
