package io.tenantry.webhooks.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.webhooks.service.WebhookService;
import jakarta.inject.Inject;

/** {@code DELETE /v1/webhooks/{webhookId}}: deletes an endpoint; its deliveries stop. */
@Route(value = "DELETE /v1/webhooks/{webhookId}", audit = "webhook.deleted", role = Role.ADMIN)
public class DeleteWebhookHandler extends ApiHandler {
    @Inject
    WebhookService webhooks;

    public DeleteWebhookHandler() {}

    public DeleteWebhookHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        webhooks.delete(access, request.pathParameter("webhookId").orElse(""));
        return ApiResponse.noContent();
    }
}
