package io.tenantry.users.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.users.model.ChangeRoleRequest;
import io.tenantry.users.model.Member;
import io.tenantry.users.service.MemberService;
import jakarta.inject.Inject;

/** {@code PATCH /v1/users/{userId}}: admins change a member's role. Honours If-Match. */
@Route(value = "PATCH /v1/users/{userId}", audit = "member.role_changed", role = Role.ADMIN)
public class UpdateUserHandler extends ApiHandler {
    @Inject
    MemberService members;

    public UpdateUserHandler() {}

    public UpdateUserHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String primingBody() {
        return "{\"role\": \"member\"}";
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        ChangeRoleRequest body = ChangeRoleRequest.parse(request.body());
        Member member =
                members.changeRole(access, request.pathParameter("userId").orElse(""), body, request.ifMatch());
        return ApiResponse.ok(member).etag(member.version());
    }
}
