package io.tenantry.shared.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.CountedItems.Outcome;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A counted create whose first attempt landed while its answer was lost, and whose retry reached the table while
 * that attempt was still being applied, meets its own item at the key: it is a success, counted once. The twin: a
 * different item at the key is a taken key, and counts nothing.
 */
@EmulatedAws
class CountedItemsIT {
    static ApplicationContext context;
    static TestTenants tenants;
    static CountedItems counted;
    static TenantItems items;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        context = ApplicationContext.run(aws.micronautProperties("CreateProjectFunction"));
        tenants = new TestTenants(context);
        counted = context.getBean(CountedItems.class);
        items = context.getBean(TenantItems.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    /** Writes the transaction's own put, and its count, as the first attempt would have. */
    static void landFirstAttempt(TenantAccess access, String sortKey, Map<String, AttributeValue> attributes) {
        var put = items.createInTransaction(access, sortKey, attributes).put();
        context.getBean(DynamoDbClient.class)
                .transactWriteItems(b -> b.transactItems(List.of(
                        items.createInTransaction(access, sortKey, attributes),
                        items.updateInTransaction(
                                access,
                                Keys.TENANT_RECORD,
                                "ADD #count :one",
                                "attribute_exists(PK)",
                                Map.of("#count", Keys.PROJECT_COUNT),
                                Map.of(":one", AttributeValue.fromN("1"))))));
        assertEquals(put.item(), items.get(access, sortKey).orElseThrow().attributes());
    }

    @Test
    void aRetryThatMeetsItsOwnLandedCreate_isCreated_andCountedOnce() {
        SeededTenant tenant = tenants.create();
        TenantAccess access = tenants.ownerAccess(tenant);
        Map<String, AttributeValue> attributes = Map.of("name", AttributeValue.fromS("Landed"));
        landFirstAttempt(access, "PROJECT#prj_LANDED", attributes);

        assertEquals(Outcome.CREATED, counted.create(access, "PROJECT#prj_LANDED", attributes, Keys.PROJECT_COUNT, 10));
        assertEquals(1, tenants.count(tenant, Keys.PROJECT_COUNT));
    }

    @Test
    void anotherItemAtTheKey_isATakenKey_andCountsNothing() {
        SeededTenant tenant = tenants.create();
        TenantAccess access = tenants.ownerAccess(tenant);
        landFirstAttempt(access, "PROJECT#prj_TAKEN", Map.of("name", AttributeValue.fromS("First")));

        assertEquals(
                Outcome.KEY_TAKEN,
                counted.create(
                        access,
                        "PROJECT#prj_TAKEN",
                        Map.of("name", AttributeValue.fromS("Second")),
                        Keys.PROJECT_COUNT,
                        10));
        assertEquals(1, tenants.count(tenant, Keys.PROJECT_COUNT));
    }
}
