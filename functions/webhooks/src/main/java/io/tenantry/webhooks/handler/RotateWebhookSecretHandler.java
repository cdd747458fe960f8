package io.tenantry.webhooks.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.webhooks.service.WebhookService;
import jakarta.inject.Inject;

/** {@code POST /v1/webhooks/{webhookId}/rotate-secret}: a new signing secret; the old one keeps signing beside it for 24 hours. */
@Route(
        value = "POST /v1/webhooks/{webhookId}/rotate-secret",
        audit = "webhook.secret_rotated",
        role = Role.ADMIN,
        idempotent = true,
        sealedReplay = true)
public class RotateWebhookSecretHandler extends ApiHandler {
    @Inject
    WebhookService webhooks;

    public RotateWebhookSecretHandler() {}

    public RotateWebhookSecretHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(
                webhooks.rotate(access, request.pathParameter("webhookId").orElse("")));
    }
}
