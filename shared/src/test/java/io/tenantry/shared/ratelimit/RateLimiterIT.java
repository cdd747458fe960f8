package io.tenantry.shared.ratelimit;

import static io.tenantry.shared.ratelimit.RateLimiter.LEASE_MILLIS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.aws.TenantScope;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.problem.TooManyRequestsException;
import io.tenantry.shared.testing.MovableClock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The shared token bucket, on DynamoDB, with a clock the test moves. Two limiter instances stand for
 * two Lambda instances of any functions: together they never admit more than the bucket holds.
 */
@EmulatedAws
class RateLimiterIT {
    static ApplicationContext context;
    static DynamoDbClient countingClient;
    static final AtomicInteger bucketWrites = new AtomicInteger();
    static final AtomicInteger bucketReads = new AtomicInteger();
    static final AtomicInteger transactions = new AtomicInteger();
    static final MovableClock clock = new MovableClock("2026-11-22T12:00:00Z");

    @BeforeAll
    static void start(AwsEnvironment aws) {
        context = ApplicationContext.run(aws.micronautProperties("GetTenantFunction"));
        countingClient = aws.dynamoDb(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution execution, ExecutionAttributes attributes) {
                if (execution.request() instanceof UpdateItemRequest) {
                    bucketWrites.incrementAndGet();
                } else if (execution.request() instanceof TransactWriteItemsRequest) {
                    transactions.incrementAndGet();
                } else if (execution.request() instanceof GetItemRequest read
                        && "BUCKET".equals(read.key().get(Keys.SK).s())) {
                    bucketReads.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static RateLimiter instance() {
        return instance(countingClient);
    }

    static RateLimiter instance(DynamoDbClient buckets) {
        TableSettings table = context.getBean(TableSettings.class);
        return new RateLimiter(
                buckets, table, new TenantPlans(countingClient, table, new TenantScope(), clock), clock, true);
    }

    /**
     * A client whose every write lands but loses its answer, as on a timeout: the SDK's retry sends it again, and
     * that second attempt's outcome (its own condition failing against the first) is what the caller sees.
     */
    static DynamoDbClient answersLost() {
        return answersLost(() -> {});
    }

    /** As {@link #answersLost()}, with {@code meanwhile} run between an update's landing and its retry. */
    static DynamoDbClient answersLost(Runnable meanwhile) {
        return new DynamoDbClient() {
            @Override
            public UpdateItemResponse updateItem(UpdateItemRequest request) {
                countingClient.updateItem(request);
                meanwhile.run();
                return countingClient.updateItem(request);
            }

            @Override
            public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
                countingClient.transactWriteItems(request);
                return countingClient.transactWriteItems(request);
            }

            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                return countingClient.getItem(request);
            }

            @Override
            public String serviceName() {
                return countingClient.serviceName();
            }

            @Override
            public void close() {}
        };
    }

    static TenantAccess tenantOnPlan(String plan) {
        String tenantId = "ten_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
        TenantAccess access = new Caller(
                        "test-issuer", "s", Optional.empty(), false, Optional.empty(), Optional.empty())
                .ownerOfNewTenant(tenantId, "usr_TEST");
        context.getBean(TenantItems.class)
                .create(
                        access,
                        Keys.TENANT_RECORD,
                        Map.of("id", AttributeValue.fromS(tenantId), "plan", AttributeValue.fromS(plan)));
        return access;
    }

    static int admitted(RateLimiter limiter, TenantAccess tenant, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            try {
                limiter.acquire(tenant);
                admitted++;
            } catch (TooManyRequestsException e) {
                assertTrue(Long.parseLong(e.headers().get("Retry-After")) >= 1);
            }
        }
        return admitted;
    }

    @Test
    void aFreeTenant_getsItsBurstOfTwenty_thenTenPerSecond() {
        RateLimiter limiter = instance();
        TenantAccess tenant = tenantOnPlan("free");

        assertEquals(20, admitted(limiter, tenant, 50));
        TooManyRequestsException refused = assertThrows(TooManyRequestsException.class, () -> limiter.acquire(tenant));
        assertEquals(429, refused.status());
        assertEquals("1", refused.headers().get("Retry-After"));

        clock.advance(1_000);
        assertEquals(10, admitted(limiter, tenant, 50));
        clock.advance(500);
        assertEquals(5, admitted(limiter, tenant, 50));
    }

    @Test
    void anotherTenant_isNeverLimitedByANoisyOne() {
        RateLimiter limiter = instance();
        TenantAccess noisy = tenantOnPlan("free");
        TenantAccess quiet = tenantOnPlan("free");
        admitted(limiter, noisy, 400);
        assertEquals(20, admitted(limiter, quiet, 20));
    }

    @Test
    void twoInstances_shareOneBucket_andLeaseTokensWithFewWrites() {
        RateLimiter first = instance();
        RateLimiter second = instance();
        TenantAccess tenant = tenantOnPlan("enterprise");
        int writesBefore = bucketWrites.get();

        int admitted = 0;
        for (int i = 0; i < 1500; i++) {
            admitted += admitted(first, tenant, 1) + admitted(second, tenant, 1);
        }
        int writes = bucketWrites.get() - writesBefore;

        assertEquals(2000, admitted, "the enterprise burst, across both instances");
        assertTrue(writes <= 2000 / 100 * 2 + 4, "bucket writes: " + writes);
    }

    @Test
    void aWriteThatLandsButLosesItsAnswer_spendsItsTokensOnce_asOneWhoseAnswerArrives() {
        TenantAccess lossy = tenantOnPlan("free");
        TenantAccess clean = tenantOnPlan("free");

        assertEquals(20, admitted(instance(answersLost()), lossy, 50));
        assertEquals(20, admitted(instance(), clean, 50));
    }

    /**
     * A lease whose update lands, loses its answer and finds, on the retry, the bucket closed by offboarding in between:
     * the tenant is gone, 404; its twin, the same lost answer without the closing, admits.
     */
    @Test
    void aWriteThatLandsButLosesItsAnswer_whileTheTenantIsClosed_answers404() {
        TenantAccess closing = tenantOnPlan("free");
        TenantAccess open = tenantOnPlan("free");
        RateLimiter first = instance();
        first.acquire(closing);
        first.acquire(open);
        clock.advance(LEASE_MILLIS + 1);

        RateLimiter closedMeanwhile = instance(answersLost(() -> countingClient.transactWriteItems(
                b -> b.transactItems(first.closeInTransaction(closing, clock.millis())))));
        NotFoundException refused = assertThrows(NotFoundException.class, () -> closedMeanwhile.acquire(closing));
        assertEquals(404, refused.status());
        instance(answersLost()).acquire(open);
    }

    @Test
    void planLimits_followThePlan() {
        assertEquals(20, admitted(instance(), tenantOnPlan("free"), 300));
        assertEquals(200, admitted(instance(), tenantOnPlan("pro"), 300));
    }

    /**
     * An instance's first lease of a tenant reads the bucket once and updates it on condition, as every later lease
     * does; only the tenant's very first lease of all creates it, in the transaction that checks for a deletion
     * receipt.
     */
    @Test
    void anInstancesFirstLease_readsTheBucket_andOnlyTheTenantsVeryFirstCreatesIt() {
        TenantAccess tenant = tenantOnPlan("pro");
        int transactionsBefore = transactions.get();
        int readsBefore = bucketReads.get();
        instance().acquire(tenant);
        assertEquals(1, transactions.get() - transactionsBefore, "the very first lease creates the bucket");
        assertEquals(1, bucketReads.get() - readsBefore, "and found it absent first");

        int transactionsThen = transactions.get();
        int readsThen = bucketReads.get();
        int writesThen = bucketWrites.get();
        instance().acquire(tenant); // another instance's first request of this tenant
        assertEquals(0, transactions.get() - transactionsThen, "no transaction for a bucket that exists");
        assertEquals(1, bucketReads.get() - readsThen);
        assertEquals(1, bucketWrites.get() - writesThen, "one conditional update");
    }

    /** A closed bucket, first read by an instance, answers 404; the same instance's read of an open one admits. */
    @Test
    void anInstancesFirstLease_ofAClosedTenant_answers404_andOfAnOpenOne_admits() {
        TenantAccess closing = tenantOnPlan("pro");
        TenantAccess open = tenantOnPlan("pro");
        RateLimiter earlier = instance();
        earlier.acquire(closing);
        earlier.acquire(open);
        countingClient.transactWriteItems(b -> b.transactItems(earlier.closeInTransaction(closing, clock.millis())));

        RateLimiter later = instance();
        NotFoundException refused = assertThrows(NotFoundException.class, () -> later.acquire(closing));
        assertEquals(404, refused.status());
        later.acquire(open);
    }
}
