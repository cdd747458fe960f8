package io.tenantry.billing.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.OutboxEvents;
import io.tenantry.shared.testing.Queues;
import io.tenantry.shared.testing.SentCalls;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The billing handlers and the invoice worker on one context, tenants seeded as a sign-up leaves them
 * (with a stored member of each role, as whom events are made),
 * and a stand-in for Lambda's SQS poller that hands the invoices queue's messages to the worker.
 */
final class BillingFixture implements AutoCloseable {
    final AwsEnvironment aws;
    final ApplicationContext context;
    final GetUsageHandler usage;
    final GetActivityHandler activity;
    final CreateInvoiceHandler create;
    final ListInvoicesHandler list;
    final GetInvoiceHandler get;
    final InvoiceQueueHandler worker;
    final String queueUrl;
    final String deadLetterUrl;
    final String bucket;
    final TestTenants tenants;
    /** The AWS calls the context's clients sent (an interceptor bean of the context). */
    final SentCalls sent = new SentCalls();

    BillingFixture(AwsEnvironment aws) {
        this(aws, Map.of());
    }

    BillingFixture(AwsEnvironment aws, Map<String, Object> extraProperties) {
        this.aws = aws;
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("InvoiceQueueFunction"));
        properties.putAll(aws.micronautProperties("CreateInvoiceFunction"));
        properties.putAll(extraProperties);
        context = ApplicationContext.builder()
                .properties(properties)
                .singletons(sent)
                .start();
        tenants = new TestTenants(context);
        usage = new GetUsageHandler(context);
        activity = new GetActivityHandler(context);
        create = new CreateInvoiceHandler(context);
        list = new ListInvoicesHandler(context);
        get = new GetInvoiceHandler(context);
        worker = new InvoiceQueueHandler(context);
        queueUrl = aws.resources().queueUrl("InvoicesQueue");
        deadLetterUrl = aws.resources().queueUrl("InvoicesDeadLetterQueue");
        bucket = aws.resources().bucketName("InvoicesBucket");
    }

    static String newTenantId() {
        return "ten_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
    }

    /** A new active tenant on the pro plan, created mid-2025, with a stored active member of each role. */
    SeededTenant newTenant() {
        return newTenant("pro", Instant.parse("2025-06-15T10:00:00Z"));
    }

    SeededTenant newTenant(String plan, Instant createdAt) {
        return seed(newTenantId(), "Tenant " + UUID.randomUUID().toString().substring(0, 8), plan, createdAt);
    }

    /**
     * The tenant's record as a sign-up leaves it (its name, plan and creation time, which invoices
     * show and bill by; written through the tenant's items, so its bytes are metered), then a stored
     * active member of each role, whose events {@link SeededTenant#as} makes: requests are admitted
     * by the stored membership, not by the token's claims.
     */
    SeededTenant seed(String tenantId, String name, String plan, Instant createdAt) {
        TenantItems items = context.getBean(TenantItems.class);
        // Before the tenant has a member: its partition addressed by id, as a worker addresses it.
        TenantAccess record = SystemAccess.forWorker(tenantId);
        if (items.get(record, Keys.TENANT_RECORD).isEmpty()) {
            items.create(
                    record,
                    Keys.TENANT_RECORD,
                    Map.of(
                            "id",
                            AttributeValue.fromS(tenantId),
                            "name",
                            AttributeValue.fromS(name),
                            "plan",
                            AttributeValue.fromS(plan),
                            "status",
                            AttributeValue.fromS("active"),
                            "createdAt",
                            AttributeValue.fromS(createdAt.toString()),
                            Keys.OWNER_COUNT,
                            AttributeValue.fromN("1"),
                            Keys.MEMBER_COUNT,
                            AttributeValue.fromN(Integer.toString(Role.values().length))));
        }
        return tenants.create(
                tenantId, Plan.fromWireName(plan).orElseThrow(() -> new IllegalArgumentException("No plan " + plan)));
    }

    /** The name in the tenant's record. */
    String name(SeededTenant tenant) {
        return context.getBean(TenantItems.class)
                .get(access(tenant), Keys.TENANT_RECORD)
                .orElseThrow()
                .string("name");
    }

    /** Access to the tenant as its owner, to seed and read through repositories. */
    TenantAccess access(SeededTenant tenant) {
        return tenants.ownerAccess(tenant);
    }

    ApiEvent onInvoice(SeededTenant tenant, String role, String invoiceId) {
        return tenant.as(role, "GET", "/v1/invoices/" + invoiceId)
                .route("GET /v1/invoices/{invoiceId}")
                .pathParameter("invoiceId", invoiceId);
    }

    ApiResult requestInvoice(SeededTenant tenant, String period) {
        return ApiResult.call(
                create, tenant.as("admin", "POST", "/v1/invoices").json("{\"period\": \"" + period + "\"}"));
    }

    ApiResult read(SeededTenant tenant, String invoiceId) {
        return ApiResult.call(get, onInvoice(tenant, "admin", invoiceId));
    }

    /**
     * Relays the outbox (as the table's stream would), then hands every message now in the invoices queue to the
     * worker, as Lambda's poller would: a batch at a time, deleting what the worker did not report as failed. Returns
     * the ids it reported failed.
     */
    List<String> drain() {
        return drain(worker);
    }

    /** Like {@link #drain()}, with another handler. */
    List<String> drain(InvoiceQueueHandler worker) {
        List<String> failed = new ArrayList<>();
        OutboxEvents.relay(aws);
        while (true) {
            List<Message> messages = Queues.receive(aws, queueUrl);
            if (messages.isEmpty()) {
                return failed;
            }
            SQSBatchResponse response = worker.handleRequest(Queues.event(messages), null);
            Set<String> failures = response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .collect(Collectors.toSet());
            failed.addAll(failures);
            for (Message message : messages) {
                if (failures.contains(message.messageId())) {
                    // Back to the queue at once, as after a visibility timeout.
                    aws.sqs()
                            .changeMessageVisibility(r -> r.queueUrl(queueUrl)
                                    .receiptHandle(message.receiptHandle())
                                    .visibilityTimeout(0));
                } else {
                    aws.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
            if (!failures.isEmpty()) {
                return failed;
            }
        }
    }

    /** An SQS record with this body and receive count. */
    static SQSEvent.SQSMessage record(String body, int receiveCount) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(UUID.randomUUID().toString());
        record.setBody(body);
        record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        record.setEventSource("aws:sqs");
        return record;
    }

    /** The keys of the objects under a tenant's prefix in the invoices bucket. */
    List<String> objectsOf(SeededTenant tenant) {
        return aws
                .s3()
                .listObjectsV2(r -> r.bucket(bucket).prefix("tenants/" + tenant.tenantId() + "/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }

    /** Writes this context's pending usage now. */
    void flushUsage() {
        context.getBean(UsageMeter.class).flush();
    }

    /** A ready invoice of the tenant for the period, rendered by the worker. */
    String readyInvoice(SeededTenant tenant, String period) {
        ApiResult requested = requestInvoice(tenant, period);
        assertEquals(202, requested.status(), requested::toString);
        drain();
        String id = requested.json().path("id").asText();
        assertEquals("ready", read(tenant, id).json().path("status").asText());
        return id;
    }

    @Override
    public void close() {
        context.close();
    }
}
