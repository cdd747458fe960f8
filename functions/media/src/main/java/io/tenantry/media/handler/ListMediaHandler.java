package io.tenantry.media.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.media.service.MediaService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.shared.page.PageRequest;
import jakarta.inject.Inject;

/** {@code GET /v1/media}: the tenant's media, newest first, a page at a time. */
@Route(value = "GET /v1/media", role = Role.VIEWER)
public class ListMediaHandler extends ApiHandler {
    @Inject
    MediaService media;

    public ListMediaHandler() {}

    public ListMediaHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(media.list(access, PageRequest.from(request)));
    }
}
