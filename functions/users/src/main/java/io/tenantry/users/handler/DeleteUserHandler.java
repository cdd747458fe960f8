package io.tenantry.users.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.users.service.MemberService;
import jakarta.inject.Inject;

/** {@code DELETE /v1/users/{userId}}: admins remove a member; never the last owner. Honours If-Match. */
@Route(value = "DELETE /v1/users/{userId}", audit = "member.removed", role = Role.ADMIN)
public class DeleteUserHandler extends ApiHandler {
    @Inject
    MemberService members;

    public DeleteUserHandler() {}

    public DeleteUserHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        members.remove(access, request.pathParameter("userId").orElse(""), request.ifMatch());
        return ApiResponse.noContent();
    }
}
