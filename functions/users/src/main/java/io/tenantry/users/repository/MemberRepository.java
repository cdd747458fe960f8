package io.tenantry.users.repository;

import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.users.model.Member;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The members of a tenant, kept in step with each user's own list of memberships. */
public interface MemberRepository {

    /**
     * Invites the user (status {@code invited} until {@code expiresAt}), counting it against {@code
     * quota} members: false when already a member; {@link TenantNotActiveException} for a tenant that
     * is not active, {@link QuotaReachedException} when the tenant has {@code quota} members already.
     */
    boolean invite(
            TenantAccess access,
            String userId,
            String email,
            Role role,
            Instant expiresAt,
            Instant createdAt,
            long quota);

    /** A new expiry for an invited member at {@code current}'s version. */
    Member renewInvitation(TenantAccess access, Member current, Instant expiresAt);

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

    /** The tenant has as many members as its plan allows. */
    class QuotaReachedException extends RuntimeException {
        public QuotaReachedException() {
            super("The tenant has as many members as its plan allows.", null, false, false);
        }
    }

    /** A write would leave the tenant without an owner. */
    class LastOwnerException extends RuntimeException {
        public LastOwnerException() {
            super("The tenant's last owner cannot be demoted or removed.", null, false, false);
        }
    }
}
