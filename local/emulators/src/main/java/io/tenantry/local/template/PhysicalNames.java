package io.tenantry.local.template;

import java.util.Locale;

/**
 * Local physical names: a resource's own name property when it is a plain string, otherwise one derived from
 * the logical id.
 */
public final class PhysicalNames {
    private static final int MAX_BUCKET_NAME = 63;

    private PhysicalNames() {}

    /** {@code TableName}, else the logical id. */
    public static String table(TemplateResource table) {
        return Nodes.plainString(table.properties().get("TableName")).orElse(table.logicalId());
    }

    /** {@code QueueName}, else the logical id, with {@code .fifo} added for a FIFO queue. */
    public static String queue(TemplateResource queue) {
        return Nodes.plainString(queue.properties().get("QueueName")).orElseGet(() -> {
            boolean fifo = Nodes.bool(queue.properties().get("FifoQueue"), false, queue.path("FifoQueue"));
            return fifo ? queue.logicalId() + ".fifo" : queue.logicalId();
        });
    }

    /** {@code Name}, else the logical id. */
    public static String secret(TemplateResource secret) {
        return Nodes.plainString(secret.properties().get("Name")).orElse(secret.logicalId());
    }

    /** {@code BucketName}, else {@code tenantry-<logical id>} lowercased and trimmed to S3's naming rules. */
    public static String bucket(TemplateResource bucket) {
        return Nodes.plainString(bucket.properties().get("BucketName"))
                .orElseGet(() -> derivedBucketName(bucket.logicalId()));
    }

    static String derivedBucketName(String logicalId) {
        String name = ("tenantry-" + logicalId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        name = name.replaceAll("\\.{2,}", ".").replaceAll("-{2,}", "-");
        if (name.length() > MAX_BUCKET_NAME) {
            name = name.substring(0, MAX_BUCKET_NAME);
        }
        name = name.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        while (name.length() < 3) {
            name = name + "0";
        }
        return name;
    }
}
