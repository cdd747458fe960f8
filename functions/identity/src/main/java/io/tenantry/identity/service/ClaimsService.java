package io.tenantry.identity.service;

import io.tenantry.identity.model.TokenClaims;
import io.tenantry.shared.auth.EmailAddresses;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.problem.ForbiddenException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Decides which membership a new token speaks for: the tenant asked for, or the only one the user
 * has; none when the user has no membership (or several and asked for none). Run by the Cognito
 * pre-token-generation trigger in the cloud and by the local token issuer, so both issue the same
 * claims. Tenants being deleted are not offered.
 */
@Singleton
public class ClaimsService {
    private static final String ACTIVE = "active";

    private final UserDirectory directory;

    public ClaimsService(UserDirectory directory) {
        this.directory = directory;
    }

    /** The claims for {@code email}; 403 when {@code requestedTenant} is not one of the user's tenants. */
    public TokenClaims resolve(String email, Optional<String> requestedTenant) {
        UserDirectory.User user = directory.ensureUser(EmailAddresses.normalize(email));
        List<UserDirectory.Membership> memberships = directory.memberships(user.userId()).stream()
                .filter(m -> ACTIVE.equals(m.tenantStatus()))
                .toList();
        Optional<UserDirectory.Membership> chosen;
        if (requestedTenant.isPresent()) {
            chosen = memberships.stream()
                    .filter(m -> m.tenantId().equals(requestedTenant.get()))
                    .findFirst();
            if (chosen.isEmpty()) {
                throw new ForbiddenException("The user is not a member of tenant '" + requestedTenant.get() + "'.");
            }
        } else {
            chosen = memberships.size() == 1 ? Optional.of(memberships.getFirst()) : Optional.empty();
        }
        return new TokenClaims(
                user.userId(),
                user.email(),
                chosen.map(UserDirectory.Membership::tenantId),
                chosen.map(m -> m.role().wireName()));
    }
}
