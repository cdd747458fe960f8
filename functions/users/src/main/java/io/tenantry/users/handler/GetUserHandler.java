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

/** {@code GET /v1/users/{userId}}: one member, with its ETag. */
@Route(value = "GET /v1/users/{userId}", role = Role.VIEWER)
public class GetUserHandler extends ApiHandler {
    @Inject
    MemberService members;

    public GetUserHandler() {}

    public GetUserHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        Member member = members.get(access, request.pathParameter("userId").orElse(""));
        return ApiResponse.ok(member).etag(member.version());
    }
}
