package io.tenantry.users.service;

import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Outbox;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.email.EmailQueue;
import io.tenantry.shared.email.EmailRequest;
import io.tenantry.shared.events.EventPublisher;
import io.tenantry.shared.events.EventTypes;
import io.tenantry.shared.page.CursorCodec;
import io.tenantry.shared.page.Page;
import io.tenantry.shared.page.PageRequest;
import io.tenantry.shared.plan.PlanLimits;
import io.tenantry.shared.plan.PlanLimits.Quota;
import io.tenantry.shared.problem.ConflictException;
import io.tenantry.shared.problem.ForbiddenException;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.problem.PreconditionFailedException;
import io.tenantry.shared.problem.QuotaExceededException;
import io.tenantry.users.model.AddMemberRequest;
import io.tenantry.users.model.ChangeRoleRequest;
import io.tenantry.users.model.Member;
import io.tenantry.users.repository.MemberRepository;
import io.tenantry.users.repository.MemberRepository.LastOwnerException;
import io.tenantry.users.repository.MemberRepository.QuotaReachedException;
import io.tenantry.users.repository.MemberRepository.TenantNotActiveException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The members of a tenant and their roles. Admins manage members; only owners make, change or
 * remove owners; the last owner can be neither demoted nor removed (409).
 */
@Singleton
public class MemberService {
    static final String COLLECTION = "users";
    static final int WRITE_ATTEMPTS = 3;
    private static final Pattern ID = Pattern.compile("usr_[0-9A-HJKMNP-TV-Z]{26}");

    static final int INVITATION_DAYS = 7;

    private final MemberRepository members;
    private final UserDirectory directory;
    private final TenantPlans plans;
    private final CursorCodec cursors;
    private final EmailQueue emails;
    private final EventPublisher events;
    private final Outbox outbox;
    private final Clock clock;

    public MemberService(
            MemberRepository members,
            UserDirectory directory,
            TenantPlans plans,
            CursorCodec cursors,
            EmailQueue emails,
            EventPublisher events,
            Outbox outbox,
            Clock clock) {
        this.members = members;
        this.emails = emails;
        this.events = events;
        this.outbox = outbox;
        this.directory = directory;
        this.plans = plans;
        this.cursors = cursors;
        this.clock = clock;
    }

    /**
     * Invites a member by address: the member is {@code invited} for {@value #INVITATION_DAYS} days,
     * until the address's first verified sign-in accepts it. Pending invitations count against the
     * plan's member quota (409 {@code quota-exceeded}).
     *
     * <p>The invitation email's request and the {@code member.added} event are written in the member's own
     * transaction (the outbox, docs/outbox.md): the email is asked for exactly when the invitation exists.
     */
    public Member add(TenantAccess access, AddMemberRequest request) {
        requireOwnerFor(access, request.role());
        long quota = PlanLimits.of(plans.planOf(access)).quota(Quota.MEMBERS);
        String userId = directory.userIdForInvitation(request.email());
        Instant expiresAt = invitationExpiry();
        var email =
                List.of(emails.message(EmailRequest.invitation(access.tenantId(), userId, expiresAt), clock.instant()));
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            try {
                Instant createdAt = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
                Member invited = new Member(
                        userId,
                        request.email(),
                        request.role().wireName(),
                        UserDirectory.INVITED,
                        expiresAt.toString(),
                        createdAt.toString(),
                        1);
                boolean written = outbox.with(
                        access,
                        email,
                        () -> events.withEvent(
                                access,
                                EventTypes.MEMBER_ADDED,
                                invited,
                                () -> members.invite(
                                        access, userId, request.email(), request.role(), expiresAt, createdAt, quota)));
                if (!written) {
                    throw new ConflictException("'" + request.email() + "' is already a member.");
                }
                return get(access, userId);
            } catch (TenantNotActiveException e) {
                throw new NotFoundException("There is no such tenant.");
            } catch (QuotaReachedException e) {
                throw new QuotaExceededException(Quota.MEMBERS, quota);
            } catch (StaleVersionException e) {
                // a concurrent transaction touched the same items: try again
            }
        }
        throw busy();
    }

    /** A new {@value #INVITATION_DAYS}-day expiry for an invited (or expired) member's invitation. */
    public Member resendInvitation(TenantAccess access, String userId) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Member current = checked(access, userId, OptionalLong.empty());
            if (!current.isInvited()) {
                throw new ConflictException("The member has accepted the invitation already.");
            }
            Instant expiresAt = invitationExpiry();
            var email = List.of(
                    emails.message(EmailRequest.invitation(access.tenantId(), userId, expiresAt), clock.instant()));
            try {
                return outbox.with(access, email, () -> members.renewInvitation(access, current, expiresAt));
            } catch (StaleVersionException e) {
                // accepted or changed meanwhile: look again
            }
        }
        throw busy();
    }

    private Instant invitationExpiry() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(INVITATION_DAYS));
    }

    public Page<Member> list(TenantAccess access, PageRequest page) {
        Optional<String> after =
                page.cursor().map(c -> cursors.decode(access, COLLECTION, c).get("userId"));
        List<Member> found = members.list(access, after, page.limit());
        if (found.size() <= page.limit()) {
            return new Page<>(found, null);
        }
        List<Member> items = found.subList(0, page.limit());
        return new Page<>(
                items,
                cursors.encode(
                        access, COLLECTION, Map.of("userId", items.getLast().userId())));
    }

    public Member get(TenantAccess access, String userId) {
        if (!ID.matcher(userId).matches()) {
            throw notFound();
        }
        return members.find(access, userId).orElseThrow(MemberService::notFound);
    }

    public Member changeRole(TenantAccess access, String userId, ChangeRoleRequest request, OptionalLong ifMatch) {
        requireOwnerFor(access, request.role());
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Member current = checked(access, userId, ifMatch);
            if (current.role().equals(request.role().wireName())) {
                return current;
            }
            try {
                return members.changeRole(access, current, request.role());
            } catch (LastOwnerException e) {
                throw new ConflictException(e.getMessage());
            } catch (StaleVersionException e) {
                staleUnlessRetrying(ifMatch);
            }
        }
        throw busy();
    }

    public void remove(TenantAccess access, String userId, OptionalLong ifMatch) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Member current = checked(access, userId, ifMatch);
            try {
                events.withEvent(access, EventTypes.MEMBER_REMOVED, current, () -> {
                    members.remove(access, current);
                    return current;
                });
                return;
            } catch (LastOwnerException e) {
                throw new ConflictException(e.getMessage());
            } catch (StaleVersionException e) {
                staleUnlessRetrying(ifMatch);
            }
        }
        throw busy();
    }

    /** The member, checked against If-Match; touching an owner needs an owner. */
    private Member checked(TenantAccess access, String userId, OptionalLong ifMatch) {
        Member current = get(access, userId);
        requireOwnerFor(access, Role.fromWireName(current.role()).orElse(Role.VIEWER));
        if (ifMatch.isPresent() && ifMatch.getAsLong() != current.version()) {
            throw new PreconditionFailedException("The member has changed since version " + ifMatch.getAsLong() + ".");
        }
        return current;
    }

    private static void requireOwnerFor(TenantAccess access, Role role) {
        if (role == Role.OWNER && !access.allows(Role.OWNER)) {
            throw new ForbiddenException("Only an owner can make, change or remove an owner.");
        }
    }

    private static void staleUnlessRetrying(OptionalLong ifMatch) {
        if (ifMatch.isPresent()) {
            throw new PreconditionFailedException("The member has changed since version " + ifMatch.getAsLong() + ".");
        }
    }

    private static ConflictException busy() {
        return new ConflictException("The member is being changed by other requests; try again.");
    }

    private static NotFoundException notFound() {
        return new NotFoundException("There is no such member.");
    }
}
