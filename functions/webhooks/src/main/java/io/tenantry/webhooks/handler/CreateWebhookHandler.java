package io.tenantry.webhooks.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.webhooks.model.CreateWebhookRequest;
import io.tenantry.webhooks.service.WebhookService;
import jakarta.inject.Inject;

/** {@code POST /v1/webhooks}: admins register an endpoint; the answer shows its signing secret, once. Honours Idempotency-Key. */
@Route(
        value = "POST /v1/webhooks",
        audit = "webhook.created",
        role = Role.ADMIN,
        idempotent = true,
        sealedReplay = true)
public class CreateWebhookHandler extends ApiHandler {
    @Inject
    WebhookService webhooks;

    public CreateWebhookHandler() {}

    public CreateWebhookHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        var created = webhooks.create(access, CreateWebhookRequest.parse(request.body()));
        return ApiResponse.created(created, "/v1/webhooks/" + created.id());
    }
}
