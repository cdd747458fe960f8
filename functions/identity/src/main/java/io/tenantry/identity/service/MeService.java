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
    private final UserDirectory directory;

    public MeService(UserDirectory directory) {
        this.directory = directory;
    }

    /** The caller and its memberships, of tenants not being deleted, sorted by tenant name. */
    public Me me(Caller caller) {
        UserDirectory.User user = directory.ensureUser(caller.email());
        List<Me.MembershipView> memberships = directory.memberships(user.userId()).stream()
                .filter(m -> "active".equals(m.tenantStatus()))
                .sorted(Comparator.comparing(UserDirectory.Membership::tenantName)
                        .thenComparing(UserDirectory.Membership::tenantId))
                .map(m -> new Me.MembershipView(
                        m.tenantId(), m.tenantName(), m.role().wireName()))
                .toList();
        return new Me(user.userId(), user.email(), memberships);
    }
}
