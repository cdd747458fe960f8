package io.tenantry.local.template;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Physical values derived from the template alone: local names, ARNs in the pseudo account, queue URLs under a
 * given SQS endpoint. For tables, queues, buckets, secrets, functions and IAM roles (named by logical id); other
 * types have none.
 */
public final class TemplateResources implements PhysicalResources {
    private final SamTemplate template;
    private final String sqsEndpoint;

    public TemplateResources(SamTemplate template, URI sqsEndpoint) {
        this.template = template;
        this.sqsEndpoint = sqsEndpoint.toString().replaceAll("/+$", "");
    }

    @Override
    public Optional<String> ref(String logicalId) {
        return Optional.ofNullable(template.resources().get(logicalId)).flatMap(r -> switch (r.type()) {
            case TemplateResource.TABLE -> Optional.of(PhysicalNames.table(r));
            case TemplateResource.QUEUE -> Optional.of(queueUrl(r));
            case TemplateResource.BUCKET -> Optional.of(PhysicalNames.bucket(r));
            case TemplateResource.FUNCTION, TemplateResource.ROLE -> Optional.of(logicalId);
            case TemplateResource.SECRET -> Optional.of(secretArn(r));
            default -> Optional.empty();
        });
    }

    @Override
    public Optional<String> attribute(String logicalId, String attribute) {
        TemplateResource r = template.resources().get(logicalId);
        if (r == null) {
            return Optional.empty();
        }
        Map<String, String> attributes = switch (r.type()) {
            case TemplateResource.TABLE -> tableAttributes(r);
            case TemplateResource.QUEUE ->
                Map.of(
                        "Arn", Arns.queue(PhysicalNames.queue(r)),
                        "QueueName", PhysicalNames.queue(r),
                        "QueueUrl", queueUrl(r));
            case TemplateResource.BUCKET -> bucketAttributes(PhysicalNames.bucket(r));
            case TemplateResource.FUNCTION -> Map.of("Arn", Arns.function(logicalId));
            case TemplateResource.ROLE -> Map.of("Arn", Arns.role(logicalId));
            case TemplateResource.SECRET -> Map.of("Id", secretArn(r));
            default -> Map.of();
        };
        return Optional.ofNullable(attributes.get(attribute));
    }

    /** {@code Arn}, {@code DomainName} and {@code RegionalDomainName} of a bucket. */
    public static Map<String, String> bucketAttributes(String bucketName) {
        return Map.of(
                "Arn", Arns.bucket(bucketName),
                "DomainName", bucketName + ".s3.amazonaws.com",
                "RegionalDomainName", bucketName + ".s3." + Intrinsics.REGION + ".amazonaws.com");
    }

    private Map<String, String> tableAttributes(TemplateResource table) {
        String arn = Arns.table(PhysicalNames.table(table));
        boolean stream = table.properties().containsKey("StreamSpecification");
        return stream ? Map.of("Arn", arn, "StreamArn", arn + "/stream/1970-01-01T00:00:00.000") : Map.of("Arn", arn);
    }

    private static String secretArn(TemplateResource secret) {
        return Arns.secret(PhysicalNames.secret(secret), "local");
    }

    private String queueUrl(TemplateResource queue) {
        return sqsEndpoint + "/" + Intrinsics.ACCOUNT_ID + "/" + PhysicalNames.queue(queue);
    }
}
