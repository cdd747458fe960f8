package io.tenantry.identity.service;

import io.tenantry.identity.model.Me;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.data.UserDirectory;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;

/** The caller's own view: who it is and where it belongs. */
@Singleton
public class MeService {
    private final SignInService signIn;
    private final UserDirectory directory;

    public MeService(SignInService signIn, UserDirectory directory) {
        this.signIn = signIn;
        this.directory = directory;
    }

    /**
     * The caller and its active memberships, of tenants not being deleted, sorted by tenant name. It
     * signs the caller in first, so with an issuer that runs no trigger of ours, this call is where a
     * verified address's invitations are accepted.
     */
    public Me me(Caller caller) {
        String userId = signIn.signIn(caller);
        List<Me.MembershipView> memberships = directory.memberships(userId).stream()
                .filter(m -> "active".equals(m.tenantStatus()) && m.isActive())
                .sorted(Comparator.comparing(UserDirectory.Membership::tenantName)
                        .thenComparing(UserDirectory.Membership::tenantId))
                .map(m -> new Me.MembershipView(
                        m.tenantId(), m.tenantName(), m.role().wireName()))
                .toList();
        return new Me(userId, caller.email().orElse(null), memberships);
    }
}
