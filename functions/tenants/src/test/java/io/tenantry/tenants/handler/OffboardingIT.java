package io.tenantry.tenants.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tenantry.local.emulators.ProvisionedResource;
import io.tenantry.local.template.TemplateResource;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.aws.TenantScope;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.metering.UsageArchive;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.ratelimit.RateLimiter;
import io.tenantry.shared.testing.MovableClock;
import io.tenantry.shared.testing.OutboxEvents;
import io.tenantry.shared.testing.Queues;
import io.tenantry.tenants.purge.DeletionReceipts;
import io.tenantry.tenants.purge.PurgeMessage;
import io.tenantry.tenants.purge.PurgeQueue;
import io.tenantry.tenants.purge.PurgeSettings;
import io.tenantry.tenants.purge.TenantPurger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code DELETE /v1/tenant} and the purge worker: the tenant's tokens stop at once, and after the
 * purge nothing with the tenant's key or prefix remains in the table or any bucket of the template,
 * while its neighbour keeps everything.
 */
@EmulatedAws
class OffboardingIT {
    static TenantsFixture fixture;
    static AwsEnvironment aws;
    static String table;
    static String purgeQueue;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        fixture = new TenantsFixture(aws, Map.of("tenantry.purge.sweep.seconds", "0"));
        table = fixture.context.getBean(TableSettings.class).name();
        purgeQueue = aws.resources().queueUrl("PurgeQueue");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** A tenant with everything a tenant can have: members, projects, invoices, media, usage. */
    static TenantsFixture.SignedUp populatedTenant() {
        var tenant = fixture.signUp("pro");
        TenantAccess access = access(tenant.tenantId());
        var context = fixture.context;
        UserDirectory directory = context.getBean(UserDirectory.class);
        for (int i = 0; i < 2; i++) {
            List<TransactWriteItem> writes = directory.membershipItems(
                    access,
                    io.tenantry.shared.id.Ids.userId(),
                    "member-" + UUID.randomUUID() + "@example.test",
                    Role.MEMBER,
                    null);
            aws.dynamoDb().transactWriteItems(b -> b.transactItems(writes));
        }
        TenantItems items = context.getBean(TenantItems.class);
        for (int i = 0; i < 3; i++) {
            items.create(access, "PROJECT#prj_" + UUID.randomUUID(), Map.of("name", AttributeValue.fromS("P" + i)));
        }
        items.create(access, "INVOICE#inv_x", Map.of("status", AttributeValue.fromS("ready")));
        items.create(access, "INVOICE_PERIOD#2026-10", Map.of("invoiceId", AttributeValue.fromS("inv_x")));
        items.create(access, "MEDIA#med_x", Map.of("status", AttributeValue.fromS("ready")));
        aws.dynamoDb()
                .putItem(b -> b.tableName(table)
                        .item(Map.of(
                                "PK", AttributeValue.fromS("TENANT#" + tenant.tenantId()),
                                "SK", AttributeValue.fromS("IDEMPOTENCY#POST /v1/projects#k1"),
                                "state", AttributeValue.fromS("COMPLETED"))));
        S3Client s3 = aws.s3();
        String invoices = aws.resources().bucketName("InvoicesBucket");
        String media = aws.resources().bucketName("MediaBucket");
        s3.putObject(
                b -> b.bucket(invoices).key("tenants/" + tenant.tenantId() + "/invoices/inv_x.pdf"),
                RequestBody.fromString("%PDF-1.7 invoice"));
        for (String variant : List.of("original", "thumb", "medium")) {
            s3.putObject(
                    b -> b.bucket(media).key("tenants/" + tenant.tenantId() + "/media/med_x/" + variant),
                    RequestBody.fromString("image " + variant));
        }
        UsageMeter meter = context.getBean(UsageMeter.class);
        meter.requestServed(access, 12);
        meter.stored(access, 4_096);
        meter.mediaProcessed(access);
        meter.flush();
        return tenant;
    }

    static TenantAccess access(String tenantId) {
        return new Caller("test-issuer", "test", Optional.empty(), false, Optional.empty(), Optional.empty())
                .ownerOfNewTenant(tenantId, "usr_TEST");
    }

    /** Relays the outbox, then hands every purge message now in the queue to the worker; the failed ones' ids. */
    static List<String> drain() {
        List<String> failed = new ArrayList<>();
        OutboxEvents.relay(aws);
        for (int round = 0; round < 20; round++) {
            List<Message> messages = Queues.receive(aws, purgeQueue);
            if (messages.isEmpty()) {
                return failed;
            }
            SQSBatchResponse response = fixture.purge.handleRequest(Queues.event(messages), null);
            Set<String> failures = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> failures.add(f.getItemIdentifier()));
            failed.addAll(failures);
            for (Message m : messages) {
                aws.sqs().deleteMessage(r -> r.queueUrl(purgeQueue).receiptHandle(m.receiptHandle()));
            }
        }
        return failed;
    }

    /** Every item of the table, as plain strings, by key. */
    static List<Map<String, AttributeValue>> scan() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        aws.dynamoDb().scanPaginator(b -> b.tableName(table)).items().forEach(items::add);
        return items;
    }

    /** Items that name the tenant anywhere (key or attribute), other than its deletion records. */
    static List<Map<String, AttributeValue>> tracesInTable(String tenantId) {
        return scan().stream()
                .filter(item -> !item.get("PK").s().startsWith("DELETION#"))
                .filter(item -> item.toString().contains(tenantId))
                .toList();
    }

    /** Keys of objects that name the tenant, in every bucket of the template. */
    static List<String> tracesInBuckets(String tenantId) {
        List<String> keys = new ArrayList<>();
        for (ProvisionedResource resource : aws.resources().all().values()) {
            if (!TemplateResource.BUCKET.equals(resource.type())) {
                continue;
            }
            aws.s3()
                    .listObjectsV2Paginator(b -> b.bucket(resource.physicalName()))
                    .contents()
                    .forEach(o -> {
                        if (o.key().contains(tenantId)) {
                            keys.add(resource.physicalName() + "/" + o.key());
                        }
                    });
        }
        return keys;
    }

    static long itemsNaming(String tenantId) {
        return scan().stream().filter(i -> i.toString().contains(tenantId)).count();
    }

    @Test
    void delete_answers202Deleting_andTheTenantsTokensAnswer404AtOnce() {
        var tenant = fixture.signUp("free");
        ApiResult deleted = ApiResult.call(fixture.delete, tenant.as("owner", "DELETE", "/v1/tenant"));
        assertEquals(202, deleted.status(), deleted::toString);
        assertEquals("deleting", deleted.json().path("status").asText());
        assertEquals(tenant.tenantId(), deleted.json().path("id").asText());

        for (String role : List.of("owner", "admin", "viewer")) {
            assertTrue(
                    ApiResult.call(fixture.get, tenant.as(role, "GET", "/v1/tenant"))
                            .isProblem(404),
                    role);
        }
        assertTrue(ApiResult.call(
                        fixture.update,
                        tenant.as("owner", "PATCH", "/v1/tenant").json("{\"name\":\"X\"}"))
                .isProblem(404));
        assertTrue(ApiResult.call(fixture.delete, tenant.as("owner", "DELETE", "/v1/tenant"))
                .isProblem(404));
        drain();
    }

    @Test
    void anotherInstance_stopsAdmittingTheTenant_whenItsLeaseRunsOut() {
        var tenant = fixture.signUp("enterprise");
        MovableClock clock = new MovableClock(Instant.now());
        var context = fixture.context;
        var dynamoDb = context.getBean(DynamoDbClient.class);
        TableSettings settings = context.getBean(TableSettings.class);
        RateLimiter elsewhere = new RateLimiter(
                dynamoDb, settings, new TenantPlans(dynamoDb, settings, new TenantScope(), clock), clock, true);
        TenantAccess access = access(tenant.tenantId());
        elsewhere.acquire(access); // leases 100 tokens for a second

        assertEquals(
                202,
                ApiResult.call(fixture.delete, tenant.as("owner", "DELETE", "/v1/tenant"))
                        .status());
        elsewhere.acquire(access); // still within its lease: at most a second
        clock.advance(1_001);
        assertThrows(NotFoundException.class, () -> elsewhere.acquire(access));
        RateLimiter fresh = new RateLimiter(
                dynamoDb, settings, new TenantPlans(dynamoDb, settings, new TenantScope(), clock), clock, true);
        assertThrows(NotFoundException.class, () -> fresh.acquire(access));
        drain();
    }

    @Test
    void onlyTheOwner_mayDeleteTheTenant() {
        var tenant = fixture.signUp("free");
        for (String role : List.of("admin", "member", "viewer")) {
            assertTrue(
                    ApiResult.call(fixture.delete, tenant.as(role, "DELETE", "/v1/tenant"))
                            .isProblem(403),
                    role);
        }
        assertEquals(
                "active",
                ApiResult.call(fixture.get, tenant.as("viewer", "GET", "/v1/tenant"))
                        .json()
                        .path("status")
                        .asText());
    }

    @Test
    void afterThePurge_nothingOfTheTenantRemains_inTheTableOrAnyBucket_andItsNeighbourKeepsAll() {
        var leaving = populatedTenant();
        var staying = populatedTenant();
        long neighbourItems = itemsNaming(staying.tenantId());
        List<String> neighbourObjects = tracesInBuckets(staying.tenantId());
        assertTrue(tracesInTable(leaving.tenantId()).size() > 10);
        assertEquals(4, tracesInBuckets(leaving.tenantId()).size(), "an invoice and a media file's three objects");

        assertEquals(
                202,
                ApiResult.call(fixture.delete, leaving.as("owner", "DELETE", "/v1/tenant"))
                        .status());
        assertEquals(List.of(), drain());

        assertEquals(List.of(), tracesInTable(leaving.tenantId()));
        assertEquals(List.of(), tracesInBuckets(leaving.tenantId()));
        assertEquals(neighbourItems, itemsNaming(staying.tenantId()));
        assertEquals(neighbourObjects, tracesInBuckets(staying.tenantId()));

        DeletionReceipts.Receipt receipt = fixture.context
                .getBean(DeletionReceipts.class)
                .find(leaving.tenantId())
                .orElseThrow();
        assertEquals(DeletionReceipts.PURGED, receipt.state());
        assertEquals(3, receipt.items().get("PROJECT"));
        assertEquals(6, receipt.items().get("MEMBER"), "the owner, an admin, a member, a viewer and two members");
        assertEquals(6, receipt.membershipLinks());
        assertEquals(1, receipt.items().get("TENANT"));
        assertEquals(1, receipt.items().get("INVOICE"));
        assertEquals(1, receipt.items().get("IDEMPOTENCY"));
        assertEquals(1, receipt.items().get("RATE_BUCKET"));
        assertTrue(receipt.items().get("USAGE_DAY") >= 1);
        assertEquals(1, receipt.items().get("USAGE_INDEX_ENTRY"));
        assertEquals(1, receipt.objects().get(aws.resources().bucketName("InvoicesBucket")));
        assertEquals(3, receipt.objects().get(aws.resources().bucketName("MediaBucket")));
        assertTrue(receipt.usageArchived());
        assertTrue(receipt.objectBytes() > 0);

        // The old token: still 404, and it creates nothing under the tenant's key.
        assertTrue(ApiResult.call(fixture.get, leaving.as("owner", "GET", "/v1/tenant"))
                .isProblem(404));
        var dynamoDb = fixture.context.getBean(DynamoDbClient.class);
        TableSettings settings = fixture.context.getBean(TableSettings.class);
        Clock clock = Clock.systemUTC();
        RateLimiter fresh = new RateLimiter(
                dynamoDb, settings, new TenantPlans(dynamoDb, settings, new TenantScope(), clock), clock, true);
        assertThrows(NotFoundException.class, () -> fresh.acquire(access(leaving.tenantId())));
        assertEquals(List.of(), tracesInTable(leaving.tenantId()));
    }

    @Test
    void aReplayedPurge_afterCompletion_isNoError_andDeletesNothingMore() {
        var leaving = populatedTenant();
        assertEquals(
                202,
                ApiResult.call(fixture.delete, leaving.as("owner", "DELETE", "/v1/tenant"))
                        .status());
        assertEquals(List.of(), drain());
        var staying = populatedTenant();
        long neighbourItems = itemsNaming(staying.tenantId());
        var receipts = fixture.context.getBean(DeletionReceipts.class);
        var before = receipts.find(leaving.tenantId()).orElseThrow();

        var purger = fixture.context.getBean(TenantPurger.class);
        assertEquals(TenantPurger.Outcome.ALREADY_DONE, purger.purge(new PurgeMessage(leaving.tenantId(), false)));
        fixture.context.getBean(PurgeQueue.class).send(access(leaving.tenantId()), false, 0);
        assertEquals(List.of(), drain());

        assertEquals(before, receipts.find(leaving.tenantId()).orElseThrow());
        assertEquals(neighbourItems, itemsNaming(staying.tenantId()));

        assertEquals(TenantPurger.Outcome.SWEPT, purger.purge(new PurgeMessage(leaving.tenantId(), true)));
        assertEquals(TenantPurger.Outcome.ALREADY_DONE, purger.purge(new PurgeMessage(leaving.tenantId(), true)));
        assertEquals(
                before.items(), receipts.find(leaving.tenantId()).orElseThrow().items());
    }

    @Test
    void aPurgeInterruptedMidway_isResumedByItsRedelivery_withExactCounts() {
        var leaving = populatedTenant();
        assertEquals(
                202,
                ApiResult.call(fixture.delete, leaving.as("owner", "DELETE", "/v1/tenant"))
                        .status());
        OutboxEvents.relay(aws);
        aws.sqs().purgeQueue(r -> r.queueUrl(purgeQueue));
        AtomicInteger transactions = new AtomicInteger();
        DynamoDbClient crashing = aws.dynamoDb(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution execution, ExecutionAttributes attributes) {
                if (execution.request() instanceof TransactWriteItemsRequest && transactions.incrementAndGet() == 2) {
                    throw new IllegalStateException("the worker was killed");
                }
            }
        });
        var c = fixture.context;
        TenantPurger interrupted = new TenantPurger(
                crashing,
                c.getBean(TableSettings.class),
                c.getBean(TenantItems.class),
                c.getBean(UserDirectory.class),
                aws.s3(),
                c.getBean(UsageArchive.class),
                c.getBean(DeletionReceipts.class),
                c.getBean(PurgeQueue.class),
                c.getBean(PurgeSettings.class),
                c.getBean(Clock.class));
        assertThrows(IllegalStateException.class, () -> interrupted.purge(new PurgeMessage(leaving.tenantId(), false)));
        assertEquals(
                DeletionReceipts.PURGING,
                c.getBean(DeletionReceipts.class)
                        .find(leaving.tenantId())
                        .orElseThrow()
                        .state());
        assertTrue(tracesInTable(leaving.tenantId()).size() > 0);

        assertEquals(
                TenantPurger.Outcome.PURGED,
                c.getBean(TenantPurger.class).purge(new PurgeMessage(leaving.tenantId(), false)));
        assertEquals(List.of(), tracesInTable(leaving.tenantId()));
        assertEquals(List.of(), tracesInBuckets(leaving.tenantId()));
        var receipt = c.getBean(DeletionReceipts.class).find(leaving.tenantId()).orElseThrow();
        assertEquals(3, receipt.items().get("PROJECT"));
        assertEquals(6, receipt.membershipLinks());
        crashing.close();
    }

    @Test
    void unusablePurgeMessages_areDeadLetteredAtOnce_andWriteNothing() {
        var active = fixture.signUp("free");
        String deadLetters = aws.resources().queueUrl("PurgeDeadLetterQueue");
        aws.sqs().purgeQueue(r -> r.queueUrl(deadLetters));
        long before = scan().size();
        List<String> bodies = List.of(
                "{}",
                "not json",
                "{\"tenantId\": \"TENANT#x\"}",
                "{\"tenantId\": \"ten_01JD3Q5R7C0000000000000NNN\"}",
                "{\"tenantId\": \"ten_01JD3Q5R7C0000000000000NNN\", \"sweep\": true}");
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : bodies) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(UUID.randomUUID().toString());
            record.setBody(body);
            record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(record);
        }
        event.setRecords(records);
        SQSBatchResponse response = fixture.purge.handleRequest(event, null);
        assertEquals(List.of(), response.getBatchItemFailures(), "acknowledged: they are in the dead-letter queue");
        assertEquals(before, scan().size());
        int dead = 0;
        for (int round = 0; round < 5; round++) {
            dead += aws.sqs()
                    .receiveMessage(
                            r -> r.queueUrl(deadLetters).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages()
                    .size();
        }
        assertEquals(bodies.size(), dead);

        // A purge of a tenant that is active (its deletion was undone) does nothing.
        assertEquals(
                TenantPurger.Outcome.NOT_DELETING,
                fixture.context.getBean(TenantPurger.class).purge(new PurgeMessage(active.tenantId(), false)));
        assertEquals(
                200,
                ApiResult.call(fixture.get, active.as("viewer", "GET", "/v1/tenant"))
                        .status());
    }
}
