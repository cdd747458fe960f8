package io.tenantry.tenants.purge;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.json.JsonCodec;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Queues purges: the first pass when a tenant is offboarded, continuations, and the delayed sweep. */
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

    public void send(TenantAccess access, boolean sweep, int delaySeconds) {
        String body = new String(json.write(new PurgeMessage(access.tenantId(), sweep)), StandardCharsets.UTF_8);
        sqs.sendMessage(b -> b.queueUrl(settings.queueUrl())
                .messageBody(body)
                .messageGroupId(access.tenantId())
                .delaySeconds(delaySeconds));
    }
}
