package io.tenantry.webhooks.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.webhooks.service.WebhookService;
import jakarta.inject.Inject;

/** {@code GET /v1/webhooks/{webhookId}}: one endpoint (no secret). */
@Route(value = "GET /v1/webhooks/{webhookId}", role = Role.ADMIN)
public class GetWebhookHandler extends ApiHandler {
    @Inject
    WebhookService webhooks;

    public GetWebhookHandler() {}

    public GetWebhookHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(
                webhooks.get(access, request.pathParameter("webhookId").orElse("")));
    }
}
