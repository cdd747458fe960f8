package io.tenantry.tenants.purge;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.OutboxMessage;
import io.tenantry.shared.json.JsonCodec;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Queues purges: the first pass when a tenant is offboarded (through the outbox, with the change), continuations, and
 * the delayed sweep.
 */
@Singleton
public class PurgeQueue {
    private final SqsClient sqs;
    private final JsonCodec json;
    private final PurgeSettings settings;

    public PurgeQueue(SqsClient sqs, JsonCodec json, PurgeSettings settings) {
        this.sqs = sqs;
        this.json = json;
        this.settings = settings;
    }

    /** The first pass of an offboarding, as an outbox message written with the change that marks it deleting. */
    public OutboxMessage firstPass(TenantAccess access, Instant now) {
        return OutboxMessage.of(OutboxMessage.PURGE, access.tenantId(), body(access, false), 0, now);
    }

    /** Sends a purge message now: the worker's continuations and its delayed sweep. */
    public void send(TenantAccess access, boolean sweep, int delaySeconds) {
        String body = body(access, sweep);
        sqs.sendMessage(b -> b.queueUrl(settings.queueUrl())
                .messageBody(body)
                .messageGroupId(access.tenantId())
                .delaySeconds(delaySeconds));
    }

    private String body(TenantAccess access, boolean sweep) {
        return new String(json.write(new PurgeMessage(access.tenantId(), sweep)), StandardCharsets.UTF_8);
    }
}
