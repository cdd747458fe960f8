package io.tenantry.local.emulators;

import io.tenantry.local.template.Arns;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateResource;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Creates the template's tables, queues (dead-letter queues first), buckets and secrets on a backend. Idempotent: a
 * resource that already exists is kept as it is, so it also works against a long-lived moto_server or LocalStack.
 * Functions and IAM roles get an entry too (name = logical id), so their ARNs resolve. S3 bucket notifications are read from the
 * template but not configured on the backend: the emulators do not deliver them.
 */
public final class ResourceProvisioner {
    private static final System.Logger LOG = System.getLogger(ResourceProvisioner.class.getName());

    private final TableProvisioner tables;
    private final QueueProvisioner queues;
    private final BucketProvisioner buckets;
    private final SecretProvisioner secrets;

    public ResourceProvisioner(
            DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3, SecretsManagerClient secretsManager) {
        this.tables = new TableProvisioner(dynamoDb);
        this.queues = new QueueProvisioner(sqs);
        this.buckets = new BucketProvisioner(s3);
        this.secrets = new SecretProvisioner(secretsManager);
    }

    public ResourceProvisioner(AwsClients clients) {
        this(clients.dynamoDb(), clients.sqs(), clients.s3(), clients.secretsManager());
    }

    public LocalResources provision(SamTemplate template) {
        long started = System.nanoTime();
        Map<String, ProvisionedResource> created = new ConcurrentHashMap<>();
        // Tables, queues and buckets are independent: each kind is provisioned on its own thread.
        CompletableFuture<Void> tablesDone = CompletableFuture.runAsync(
                () -> template.tables().values().forEach(t -> created.put(t.logicalId(), tables.provision(t))));
        CompletableFuture<Void> queuesDone =
                CompletableFuture.runAsync(() -> created.putAll(queues.provision(template.queues())));
        template.buckets().values().forEach(b -> created.put(b.logicalId(), buckets.provision(b)));
        template.secrets().values().forEach(s -> created.put(s.logicalId(), secrets.provision(s)));
        try {
            CompletableFuture.allOf(tablesDone, queuesDone).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        template.functions().keySet().forEach(id -> created.put(id, function(id)));
        template.resources().forEach((id, resource) -> {
            if (resource.type().equals(TemplateResource.ROLE)) {
                created.put(id, role(id));
            }
        });
        Map<String, ProvisionedResource> ordered = new LinkedHashMap<>();
        template.resources().keySet().stream()
                .filter(created::containsKey)
                .forEach(id -> ordered.put(id, created.get(id)));
        LOG.log(
                Level.INFO,
                "Provisioned {0} tables, {1} queues, {2} buckets, {3} secrets from {4} in {5} ms",
                template.tables().size(),
                template.queues().size(),
                template.buckets().size(),
                template.secrets().size(),
                template.source(),
                String.valueOf((System.nanoTime() - started) / 1_000_000));
        return new LocalResources(ordered);
    }

    /** An IAM role, named by its logical id; {@link RoleRegistrar} gives its policies to the local STS. */
    private static ProvisionedResource role(String logicalId) {
        return new ProvisionedResource(
                logicalId, TemplateResource.ROLE, logicalId, logicalId, Map.of("Arn", Arns.role(logicalId)));
    }

    private static ProvisionedResource function(String logicalId) {
        return new ProvisionedResource(
                logicalId, "AWS::Serverless::Function", logicalId, logicalId, Map.of("Arn", Arns.function(logicalId)));
    }
}
