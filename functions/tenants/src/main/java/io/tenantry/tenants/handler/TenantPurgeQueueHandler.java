package io.tenantry.tenants.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.tenants.purge.PurgeMessage;
import io.tenantry.tenants.purge.PurgeSettings;
import io.tenantry.tenants.purge.TenantPurger;
import jakarta.inject.Inject;

/**
 * The purge worker: removes every item and object of an offboarded tenant and records a deletion
 * receipt. A message it cannot use (no tenant, an unknown tenant) goes straight to the dead-letter
 * queue with its reason, nothing written; any other failure comes back until the queue's attempts
 * are spent, then rests there too.
 */
public class TenantPurgeQueueHandler extends QueueHandler {
    @Inject
    TenantPurger purger;

    @Inject
    PurgeSettings settings;

    public TenantPurgeQueueHandler() {}

    public TenantPurgeQueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected void handleMessage(SQSEvent.SQSMessage message, Delivery delivery) {
        purger.purge(readJson(message, PurgeMessage.class));
    }

    /** A message of the priming tenant, for priming (QueueHandler#primingMessage): reads find nothing, writes stop. */
    @Override
    protected String primingMessage() {
        return "{\"tenantId\":\"" + Priming.TENANT_ID + "\",\"sweep\":false}";
    }

    @Override
    protected String deadLetterQueueUrl() {
        return settings.deadLetterQueueUrl();
    }
}
