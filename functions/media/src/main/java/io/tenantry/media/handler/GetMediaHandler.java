package io.tenantry.media.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.media.model.Media;
import io.tenantry.media.service.MediaService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code GET /v1/media/{mediaId}}: one media item, with presigned downloads of its variants when ready. */
@Route(value = "GET /v1/media/{mediaId}", role = Role.VIEWER)
public class GetMediaHandler extends ApiHandler {
    @Inject
    MediaService media;

    public GetMediaHandler() {}

    public GetMediaHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        Media found = media.get(access, request.pathParameter("mediaId").orElse(""));
        ApiResponse response = ApiResponse.ok(found).etag(found.version());
        // The variants' presigned URLs are signed for this answer and expire within minutes: a copy must not be kept,
        // nor revalidated back into use with a 304 once they have expired (ConditionalGet answers no-store in full).
        return found.variants() == null ? response : response.header("Cache-Control", "no-store");
    }
}
