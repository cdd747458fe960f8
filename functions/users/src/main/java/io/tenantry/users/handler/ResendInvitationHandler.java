package io.tenantry.users.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.users.model.Member;
import io.tenantry.users.service.MemberService;
import jakarta.inject.Inject;

/**
 * {@code POST /v1/users/{userId}/invitation}: admins renew an invited (or expired) member's
 * invitation for another 7 days; 409 once the member has accepted it.
 */
@Route(
        value = "POST /v1/users/{userId}/invitation",
        audit = "member.invitation_resent",
        role = Role.ADMIN,
        idempotent = true)
public class ResendInvitationHandler extends ApiHandler {
    @Inject
    MemberService members;

    public ResendInvitationHandler() {}

    public ResendInvitationHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        Member member = members.resendInvitation(
                request.tenant(), request.pathParameter("userId").orElse(""));
        return ApiResponse.accepted(member).etag(member.version());
    }
}
