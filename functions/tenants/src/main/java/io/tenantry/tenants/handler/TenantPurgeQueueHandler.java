package io.tenantry.tenants.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.queue.DeadLetters;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.tenants.purge.PurgeMessage;
import io.tenantry.tenants.purge.PurgeSettings;
import io.tenantry.tenants.purge.TenantPurger;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;

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
    JsonCodec json;

    public TenantPurgeQueueHandler() {}

    public TenantPurgeQueueHandler(ApplicationContext context) {
        super(context);
    }

    @Inject
    DeadLetters deadLetters;

    @Inject
    PurgeSettings settings;

    @Override
    protected void handleMessage(SQSEvent.SQSMessage message) {
        try {
            purger.purge(parse(message));
        } catch (TenantPurger.UnusableMessageException e) {
            if (!deadLetters.divert(settings.deadLetterQueueUrl(), message, e.getMessage())) {
                throw e;
            }
        }
    }

    private PurgeMessage parse(SQSEvent.SQSMessage message) {
        try {
            return json.read(
                    message.getBody() == null ? new byte[0] : message.getBody().getBytes(StandardCharsets.UTF_8),
                    PurgeMessage.class);
        } catch (RuntimeException e) {
            throw new TenantPurger.UnusableMessageException("The message body is not a purge message.");
        }
    }
}
