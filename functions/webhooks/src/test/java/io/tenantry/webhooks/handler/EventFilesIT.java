package io.tenantry.webhooks.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.testing.EventFilesSuite;
import io.tenantry.webhooks.model.StoredWebhook;
import io.tenantry.webhooks.model.Webhook;
import io.tenantry.webhooks.repository.SecretCipher;
import io.tenantry.webhooks.repository.WebhookRepository;
import java.util.List;
import java.util.Map;

/** Every webhooks function answers its sample event as it implies; the endpoint the events name is seeded first. */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.webhooks");
    }

    @Override
    protected void seed() {
        APIGatewayV2HTTPEvent event =
                Events.load("events/webhooks/GetWebhookFunction.json", APIGatewayV2HTTPEvent.class);
        TenantAccess access = tenants().admit(event);
        String id = event.getPathParameters().get("webhookId");
        WebhookRepository webhooks = context().getBean(WebhookRepository.class);
        if (webhooks.find(access, id).isEmpty()) {
            String now = "2026-11-01T09:00:00Z";
            String sealed = context()
                    .getBean(SecretCipher.class)
                    .encrypt("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", access.tenantId(), id);
            webhooks.create(
                    access,
                    new StoredWebhook(
                            new Webhook(
                                    id, "https://93.184.216.34/hooks", List.of("project.updated"), null, now, now, 1),
                            sealed,
                            null,
                            null),
                    Long.MAX_VALUE);
        }
    }

    /** A rotation answers the endpoint with its new secret: 200, not 201. */
    @Override
    protected Map<String, Integer> statusOverrides() {
        return Map.of("RotateWebhookSecretFunction", 200);
    }
}
