package io.tenantry.media.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.media.service.MediaService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code DELETE /v1/media/{mediaId}}: members delete a media item and every object of it. Honours If-Match. */
@Route(value = "DELETE /v1/media/{mediaId}", audit = "media.deleted", role = Role.MEMBER)
public class DeleteMediaHandler extends ApiHandler {
    @Inject
    MediaService media;

    public DeleteMediaHandler() {}

    public DeleteMediaHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        media.delete(access, request.pathParameter("mediaId").orElse(""), request.ifMatch());
        return ApiResponse.noContent();
    }
}
