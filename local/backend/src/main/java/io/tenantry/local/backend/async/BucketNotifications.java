package io.tenantry.local.backend.async;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.emulators.LocalResources;
import io.tenantry.local.emulators.S3ObjectEvent;
import io.tenantry.local.emulators.S3ObjectListener;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.Arns;
import io.tenantry.local.template.BucketDefinition;
import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * S3 bucket notifications, which s3proxy does not send: when an object is written to (or removed from) a bucket whose
 * {@code NotificationConfiguration.QueueConfigurations} match the event and the key's prefix and suffix filters, the
 * S3 event notification JSON S3 would send goes to the queue; a function's own {@code S3} events invoke it directly
 * (asynchronously, as S3 does: retries, then the function's destinations, through {@link AsyncInvoker}). Delivery runs
 * on a virtual thread, after the write has been answered.
 */
public final class BucketNotifications implements S3ObjectListener {
    private static final Logger LOG = LoggerFactory.getLogger(BucketNotifications.class);
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ISO_INSTANT;

    /** One destination: the events and key filters it wants, and where it goes. */
    public record Target(
            String bucketName,
            List<String> events,
            Map<String, String> filterRules,
            String queueUrl,
            String queueLogicalId,
            String functionLogicalId) {
        boolean matches(S3ObjectEvent event) {
            if (!bucketName.equals(event.bucket())) {
                return false;
            }
            String prefix = filterRules.getOrDefault("prefix", "");
            String suffix = filterRules.getOrDefault("suffix", "");
            if (!event.key().startsWith(prefix) || !event.key().endsWith(suffix)) {
                return false;
            }
            return events.stream().anyMatch(pattern -> matchesEvent(pattern, event.eventName()));
        }

        public String description() {
            return bucketName + " -> " + (queueLogicalId != null ? queueLogicalId : functionLogicalId) + " " + events
                    + (filterRules.isEmpty() ? "" : " " + filterRules);
        }
    }

    private final List<Target> targets;
    private final SqsClient sqs;
    private final AsyncInvoker async;
    private final ExecutorService executor;
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1000);

    public BucketNotifications(List<Target> targets, SqsClient sqs, AsyncInvoker async, ExecutorService executor) {
        this.targets = List.copyOf(targets);
        this.sqs = sqs;
        this.async = async;
        this.executor = executor;
    }

    /** The template's queue notifications and S3 function events, on the provisioned resources. */
    public static List<Target> targets(SamTemplate template, LocalResources resources) {
        List<Target> targets = new ArrayList<>();
        for (BucketDefinition bucket : template.buckets().values()) {
            for (BucketDefinition.QueueNotification notification : bucket.queueNotifications()) {
                targets.add(new Target(
                        bucket.bucketName(),
                        List.of(notification.event()),
                        notification.filterRules(),
                        resources.queueUrl(notification.queueLogicalId()),
                        notification.queueLogicalId(),
                        null));
            }
        }
        for (FunctionDefinition function : template.functions().values()) {
            for (FunctionEvent.S3 event : function.events(FunctionEvent.S3.class)) {
                targets.add(new Target(
                        resources.bucketName(event.bucketLogicalId()),
                        event.events(),
                        event.filterRules(),
                        null,
                        null,
                        function.logicalId()));
            }
        }
        return targets;
    }

    public List<Target> targets() {
        return targets;
    }

    @Override
    public void onObjectEvent(S3ObjectEvent event) {
        for (Target target : targets) {
            if (target.matches(event)) {
                String sequence =
                        HexFormat.of().toHexDigits(sequencer.incrementAndGet()).toUpperCase();
                executor.submit(() -> deliver(target, event, sequence));
            }
        }
    }

    private void deliver(Target target, S3ObjectEvent event, String sequence) {
        ObjectNode notification = notification(event, sequence, target);
        try {
            if (target.queueUrl() != null) {
                sqs.sendMessage(r -> r.queueUrl(target.queueUrl()).messageBody(Json.text(notification)));
                LOG.debug("S3 {} {}/{} -> {}", event.eventName(), event.bucket(), event.key(), target.queueLogicalId());
            } else {
                async.submit(
                        target.functionLogicalId(),
                        Json.bytes(notification),
                        "s3 " + event.eventName() + " " + event.bucket() + "/" + event.key());
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Delivering the S3 notification of {}/{} to {} failed: {}",
                    event.bucket(),
                    event.key(),
                    target.description(),
                    e.toString());
        }
    }

    /** The notification S3 sends: {@code {"Records": [{eventVersion, eventSource, ..., s3: {bucket, object}}]}}. */
    static ObjectNode notification(S3ObjectEvent event, String sequence, Target target) {
        ObjectNode root = Json.object();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", Intrinsics.REGION);
        record.put("eventTime", EVENT_TIME.format(event.time().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        record.put("eventName", event.eventName());
        record.putObject("userIdentity").put("principalId", "AWS:" + Intrinsics.ACCOUNT_ID);
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = record.putObject("responseElements");
        response.put(
                "x-amz-request-id",
                HexFormat.of()
                        .toHexDigits(UUID.randomUUID().getMostSignificantBits())
                        .toUpperCase());
        response.put("x-amz-id-2", UUID.randomUUID().toString());
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put(
                "configurationId",
                target.queueLogicalId() != null ? target.queueLogicalId() : target.functionLogicalId());
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", event.bucket());
        bucket.putObject("ownerIdentity").put("principalId", Intrinsics.ACCOUNT_ID);
        bucket.put("arn", Arns.bucket(event.bucket()));
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(event.key(), StandardCharsets.UTF_8).replace("%2F", "/"));
        if (event.isCreated()) {
            object.put("size", event.size());
            if (event.eTag() != null) {
                object.put("eTag", event.eTag());
            }
        }
        object.put("sequencer", sequence);
        return root;
    }

    /** {@code s3:ObjectCreated:*} matches {@code ObjectCreated:Put}; {@code s3:ObjectCreated:Put} only itself. */
    static boolean matchesEvent(String pattern, String eventName) {
        String p = pattern.startsWith("s3:") ? pattern.substring(3) : pattern;
        if (p.endsWith(":*")) {
            return eventName.startsWith(p.substring(0, p.length() - 1));
        }
        return p.equals(eventName) || p.equals("*");
    }
}
