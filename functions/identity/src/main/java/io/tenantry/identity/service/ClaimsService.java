package io.tenantry.identity.service;

import io.tenantry.identity.model.TokenClaims;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.data.UserDirectory;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Decides which membership a new token speaks for: the tenant asked for, when the user is an active
 * member of it, or else the only one the user has; none when the user has no membership, when the
 * tenant asked for is not one of the user's, or when there are several and none was asked for. Run by
 * the Cognito pre-token-generation trigger in the cloud and by the local token issuer, so both issue
 * the same claims. Tenants being deleted and invitations not yet accepted are not offered.
 */
@Singleton
public class ClaimsService {
    private static final String ACTIVE = "active";

    private final SignInService signIn;
    private final UserDirectory directory;

    public ClaimsService(SignInService signIn, UserDirectory directory) {
        this.signIn = signIn;
        this.directory = directory;
    }

    public TokenClaims resolve(Caller caller, Optional<String> requestedTenant) {
        String userId = signIn.signIn(caller);
        List<UserDirectory.Membership> memberships = directory.memberships(userId).stream()
                .filter(m -> ACTIVE.equals(m.tenantStatus()) && m.isActive())
                .toList();
        Optional<UserDirectory.Membership> chosen = requestedTenant.isPresent()
                ? memberships.stream()
                        .filter(m -> m.tenantId().equals(requestedTenant.get()))
                        .findFirst()
                : memberships.size() == 1 ? Optional.of(memberships.getFirst()) : Optional.empty();
        return new TokenClaims(
                userId,
                caller.email(),
                caller.emailVerified(),
                chosen.map(UserDirectory.Membership::tenantId),
                chosen.map(m -> m.role().wireName()));
    }
}
