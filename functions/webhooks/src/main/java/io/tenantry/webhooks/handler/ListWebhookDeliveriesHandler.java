package io.tenantry.webhooks.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.shared.page.PageRequest;
import io.tenantry.webhooks.service.WebhookService;
import jakarta.inject.Inject;

/** {@code GET /v1/webhooks/{webhookId}/deliveries}: an endpoint's deliveries, newest first, a page at a time. */
@Route(value = "GET /v1/webhooks/{webhookId}/deliveries", role = Role.ADMIN)
public class ListWebhookDeliveriesHandler extends ApiHandler {
    @Inject
    WebhookService webhooks;

    public ListWebhookDeliveriesHandler() {}

    public ListWebhookDeliveriesHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(
                webhooks.deliveries(access, request.pathParameter("webhookId").orElse(""), PageRequest.from(request)));
    }
}
