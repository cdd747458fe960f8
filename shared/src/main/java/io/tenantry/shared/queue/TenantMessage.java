package io.tenantry.shared.queue;

/**
 * A queue message about one tenant's data. {@link QueueHandler#readJson} names its tenant in the message's logging
 * context, which its log lines and the spans of its AWS calls carry.
 */
public interface TenantMessage {
    String tenantId();
}
