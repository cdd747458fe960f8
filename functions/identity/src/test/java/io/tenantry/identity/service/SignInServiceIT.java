package io.tenantry.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.identity.handler.IdentityFixture;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.data.UserDirectory.Membership;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who an invitation reaches: only a sign-in whose token vouches for the invited address, and after
 * that only the identity that claimed it. Each refusal is paired with the rightful sign-in's success.
 */
@EmulatedAws
class SignInServiceIT {
    static IdentityFixture fixture;
    static SignInService signIn;
    static ClaimsService claims;
    static UserDirectory directory;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new IdentityFixture(aws, Map.of());
        signIn = fixture.context.getBean(SignInService.class);
        claims = fixture.context.getBean(ClaimsService.class);
        directory = fixture.context.getBean(UserDirectory.class);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Instant inAnHour() {
        return Instant.now().plusSeconds(3600);
    }

    static List<Membership> active(String userId) {
        return directory.memberships(userId).stream()
                .filter(Membership::isActive)
                .toList();
    }

    @Test
    void anUnverifiedEmail_reachesNoInvitation_andTheSameIdentityVerifiedDoes_keepingTheInvitedId() {
        String email = IdentityFixture.freshEmail();
        String tenant = fixture.tenantWithInvitation("Acme", email, Role.ADMIN, inAnHour());
        String invitedId = fixture.invitedUserId(email);

        Caller unverified = IdentityFixture.identity("sub-grace", email, false);
        var refused = claims.resolve(unverified, Optional.of(tenant));
        assertEquals(Optional.empty(), refused.tenantId());
        assertTrue(active(refused.userId()).isEmpty());

        Caller verified = IdentityFixture.identity("sub-grace", email, true);
        var admitted = claims.resolve(verified, Optional.of(tenant));
        assertEquals(Optional.of(tenant), admitted.tenantId());
        assertEquals(Optional.of("admin"), admitted.role());
        assertEquals(invitedId, admitted.userId(), "the member keeps the id its invitation minted");
    }

    @Test
    void afterAVerifiedClaim_anotherSubjectWithTheSameVerifiedEmail_getsNothing() {
        String email = IdentityFixture.freshEmail();
        String tenant = fixture.tenantWithInvitation("Acme", email, Role.MEMBER, inAnHour());
        Caller grace = IdentityFixture.identity("sub-grace-" + email, email, true);
        Caller mallory = IdentityFixture.identity("sub-mallory-" + email, email, true);

        assertEquals(
                Optional.of(tenant), claims.resolve(grace, Optional.of(tenant)).tenantId());
        var theirs = claims.resolve(mallory, Optional.of(tenant));

        assertEquals(Optional.empty(), theirs.tenantId());
        assertNotEquals(signIn.signIn(grace), theirs.userId());
        assertTrue(active(theirs.userId()).isEmpty());
        assertEquals(
                Optional.of(tenant), claims.resolve(grace, Optional.of(tenant)).tenantId());
    }

    @Test
    void anIdentityThatBelongsSomewhereAlready_takesTheInvitationOverToItsOwnId() {
        String email = IdentityFixture.freshEmail();
        Caller ada = IdentityFixture.identity("sub-ada-" + email, email, false);
        String own = fixture.tenantWithMember("Own", "active", ada, Role.OWNER);
        String adaId = signIn.signIn(ada);
        String invited = fixture.tenantWithInvitation("Other", email, Role.VIEWER, inAnHour());

        String userId = signIn.signIn(IdentityFixture.identity("sub-ada-" + email, email, true));

        assertEquals(adaId, userId);
        assertEquals(
                java.util.Set.of(own, invited),
                active(userId).stream().map(Membership::tenantId).collect(java.util.stream.Collectors.toSet()));

        String later = fixture.tenantWithInvitation("Later", email, Role.MEMBER, inAnHour());
        assertEquals(adaId, fixture.invitedUserId(email), "a later invitation to the address is for ada");
        signIn.signIn(IdentityFixture.identity("sub-ada-" + email, email, true));
        assertTrue(active(adaId).stream().anyMatch(m -> m.tenantId().equals(later)));
    }

    @Test
    void anExpiredInvitation_isNotAccepted_whileAnOpenOneIs() {
        String expiredEmail = IdentityFixture.freshEmail();
        String openEmail = IdentityFixture.freshEmail();
        fixture.tenantWithInvitation(
                "Late", expiredEmail, Role.MEMBER, Instant.now().minusSeconds(1));
        String open = fixture.tenantWithInvitation("OnTime", openEmail, Role.MEMBER, inAnHour());

        assertTrue(active(signIn.signIn(IdentityFixture.identity(expiredEmail, true)))
                .isEmpty());
        assertEquals(
                List.of(open),
                active(signIn.signIn(IdentityFixture.identity(openEmail, true))).stream()
                        .map(Membership::tenantId)
                        .toList());
    }

    @Test
    void aUserIsItsIssuerAndSubject_notItsEmail() {
        String email = IdentityFixture.freshEmail();
        String first = signIn.signIn(IdentityFixture.identity("sub-1-" + email, email, false));
        String again = signIn.signIn(IdentityFixture.identity("sub-1-" + email, "changed-" + email, false));
        String other = signIn.signIn(IdentityFixture.identity("sub-2-" + email, email, false));
        assertEquals(first, again);
        assertNotEquals(first, other);
    }
}
