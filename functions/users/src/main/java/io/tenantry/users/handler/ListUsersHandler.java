package io.tenantry.users.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.shared.page.PageRequest;
import io.tenantry.users.service.MemberService;
import jakarta.inject.Inject;

/** {@code GET /v1/users}: the tenant's members, a page at a time. */
@Route(value = "GET /v1/users", role = Role.VIEWER)
public class ListUsersHandler extends ApiHandler {
    @Inject
    MemberService members;

    public ListUsersHandler() {}

    public ListUsersHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(members.list(access, PageRequest.from(request)));
    }
}
