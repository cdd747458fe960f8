package io.tenantry.users.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.users.model.AddMemberRequest;
import io.tenantry.users.model.Member;
import io.tenantry.users.service.MemberService;
import jakarta.inject.Inject;

/** {@code POST /v1/users}: admins add a member by email. Honours Idempotency-Key. */
@Route(value = "POST /v1/users", audit = "member.added", role = Role.ADMIN, idempotent = true)
public class CreateUserHandler extends ApiHandler {
    @Inject
    MemberService members;

    public CreateUserHandler() {}

    public CreateUserHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String primingBody() {
        return "{\"email\": \"priming@example.com\", \"role\": \"member\"}";
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        AddMemberRequest body = AddMemberRequest.parse(request.body());
        Member member = members.add(access, body);
        return ApiResponse.created(member, "/v1/users/" + member.userId()).etag(member.version());
    }
}
