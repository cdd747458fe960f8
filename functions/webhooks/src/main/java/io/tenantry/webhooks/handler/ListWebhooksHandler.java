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

/** {@code GET /v1/webhooks}: the tenant's endpoints, newest first, a page at a time (no secrets). */
@Route(value = "GET /v1/webhooks", role = Role.ADMIN)
public class ListWebhooksHandler extends ApiHandler {
    @Inject
    WebhookService webhooks;

    public ListWebhooksHandler() {}

    public ListWebhooksHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(webhooks.list(access, PageRequest.from(request)));
    }
}
