package io.tenantry.identity.service;

import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.data.UserDirectory.EmailOwner;
import io.tenantry.shared.data.UserDirectory.Membership;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What a sign-in establishes: the user of the token's identity ({@code iss}, {@code sub}), made on
 * first sight, and — only when the token vouches for its email ({@code email_verified}) — the
 * invitations to that address. The first verified sign-in with an address binds the address to its
 * identity; from then on the address plays no part for any other identity. An identity that belongs
 * nowhere yet takes the user id its invitation minted (so the member keeps its id); one that already
 * has memberships takes the invitations over to its own id.
 */
@Singleton
public class SignInService {
    private final UserDirectory directory;
    private final Clock clock;

    public SignInService(UserDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** The caller's user id once its verified address's invitations are claimed and accepted. */
    public String signIn(Caller caller) {
        String userId = directory.ensureUserId(caller);
        Optional<String> email = caller.verifiedEmail();
        if (email.isEmpty()) {
            return userId;
        }
        Optional<EmailOwner> owner = directory.emailOwner(email.get());
        if (owner.isPresent() && owner.get().bound()) {
            if (owner.get().userId().equals(userId)) {
                acceptInvitations(userId, email.get());
            }
            return userId;
        }
        String invited =
                owner.map(EmailOwner::userId).filter(id -> !id.equals(userId)).orElse(null);
        boolean adopt = invited != null && directory.memberships(userId).isEmpty();
        Optional<String> bound = directory.bindEmail(caller, email.get(), adopt ? invited : userId);
        if (bound.isEmpty()) {
            return userId; // another identity bound the address a moment ago
        }
        String user = userId;
        if (adopt && directory.adoptUserId(caller, userId, invited)) {
            user = invited;
        } else if (invited != null) {
            if (adopt) {
                directory.bindEmail(caller, email.get(), userId); // the identity moved meanwhile: keep its id
            }
            takeOverInvitations(invited, userId);
        }
        acceptInvitations(user, email.get());
        return user;
    }

    private void takeOverInvitations(String fromUserId, String toUserId) {
        Instant now = clock.instant();
        for (Membership invitation : directory.memberships(fromUserId)) {
            if (invitation.isOpenInvitation(now)) {
                directory.moveInvitation(invitation.tenantId(), fromUserId, toUserId);
            }
        }
    }

    private void acceptInvitations(String userId, String email) {
        Instant now = clock.instant();
        for (Membership membership : directory.memberships(userId)) {
            if (membership.isOpenInvitation(now) && email.equals(membership.email())) {
                directory.activate(membership.tenantId(), userId);
            }
        }
    }
}
