package io.tenantry.users.repository;

import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.users.model.Member;
import java.util.List;
import java.util.Optional;

/** The members of a tenant, kept in step with each user's own list of memberships. */
public interface MemberRepository {

    /** Adds the user; false when already a member; {@link TenantNotActiveException} for a tenant that is not active. */
    boolean add(TenantAccess access, UserDirectory.User user, Role role);

    Optional<Member> find(TenantAccess access, String userId);

    /** Members in user id order after {@code afterUserId}, at most {@code limit + 1}. */
    List<Member> list(TenantAccess access, Optional<String> afterUserId, int limit);

    /**
     * Changes the role if the member is still at {@code current}'s version. Throws {@code
     * StaleVersionException} when it moved, {@link LastOwnerException} when it would leave no owner.
     */
    Member changeRole(TenantAccess access, Member current, Role role);

    /** Removes the member at {@code current}'s version; same exceptions as {@link #changeRole}. */
    void remove(TenantAccess access, Member current);

    /** The tenant record is missing or not active (being deleted). */
    class TenantNotActiveException extends RuntimeException {
        public TenantNotActiveException() {
            super("The tenant is not active.", null, false, false);
        }
    }

    /** A write would leave the tenant without an owner. */
    class LastOwnerException extends RuntimeException {
        public LastOwnerException() {
            super("The tenant's last owner cannot be demoted or removed.", null, false, false);
        }
    }
}
