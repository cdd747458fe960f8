package io.tenantry.media.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.media.model.CreateMediaRequest;
import io.tenantry.media.model.Media;
import io.tenantry.media.service.MediaService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/**
 * {@code POST /v1/media}: members announce an upload and get a presigned PUT for exactly its type
 * and size. Honours Idempotency-Key.
 */
@Route(value = "POST /v1/media", audit = "media.created", role = Role.MEMBER, idempotent = true)
public class CreateMediaHandler extends ApiHandler {
    @Inject
    MediaService media;

    public CreateMediaHandler() {}

    public CreateMediaHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String primingBody() {
        return "{\"fileName\": \"priming.jpg\", \"contentType\": \"image/jpeg\", \"sizeBytes\": 1024}";
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        CreateMediaRequest body = CreateMediaRequest.parse(request.body());
        Media created = media.create(access, body);
        return ApiResponse.created(created, "/v1/media/" + created.id()).etag(created.version());
    }
}
