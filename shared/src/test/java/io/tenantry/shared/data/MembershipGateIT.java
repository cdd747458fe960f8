package io.tenantry.shared.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.TestTokens;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Claims;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.aws.TenantScope;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.MovableClock;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The gate's cache is what bounds how long a removed member, a changed role or a changed plan can
 * linger on a warm instance: 4 seconds, never longer. Time is a clock the test moves.
 */
@EmulatedAws
class MembershipGateIT {
    static ApplicationContext context;
    static TestTenants tenants;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        context = ApplicationContext.run(aws.micronautProperties("GetTenantFunction"));
        tenants = new TestTenants(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static MembershipGate gate(MovableClock clock) {
        DynamoDbClient dynamoDb = context.getBean(DynamoDbClient.class);
        TableSettings table = context.getBean(TableSettings.class);
        return new MembershipGate(
                dynamoDb,
                table,
                context.getBean(UserDirectory.class),
                new TenantPlans(dynamoDb, table, context.getBean(TenantScope.class), clock),
                context.getBean(TenantScope.class),
                clock,
                4_000);
    }

    static Caller caller(SeededTenant tenant, Role role) {
        return Claims.toCaller(tenant.as(role, "GET", "/").claimsView());
    }

    static Map<String, AttributeValue> key(SeededTenant tenant, String sortKey) {
        return Map.of(
                Keys.PK, AttributeValue.fromS("TENANT#" + tenant.tenantId()), Keys.SK, AttributeValue.fromS(sortKey));
    }

    @Test
    void aRemovedMember_keepsItsRoleOnAWarmInstance_forLessThan4Seconds_andNotAMillisecondLonger() {
        MovableClock clock = new MovableClock();
        MembershipGate gate = gate(clock);
        SeededTenant tenant = tenants.create();
        Caller member = caller(tenant, Role.MEMBER);
        assertEquals(Role.MEMBER, gate.standing(member, tenant.tenantId()).role());

        context.getBean(DynamoDbClient.class)
                .deleteItem(b -> b.tableName(
                                context.getBean(TableSettings.class).name())
                        .key(key(tenant, UserDirectory.MEMBER_PREFIX + tenant.userId(Role.MEMBER))));
        clock.advance(3_999);
        assertEquals(Role.MEMBER, gate.standing(member, tenant.tenantId()).role(), "cached");
        assertNull(gate(clock).standing(member, tenant.tenantId()).role(), "a cold instance reads the store");

        clock.advance(1);
        assertNull(gate.standing(member, tenant.tenantId()).role());
        assertEquals(
                Role.VIEWER,
                gate.standing(caller(tenant, Role.VIEWER), tenant.tenantId()).role());
    }

    @Test
    void aPlanChange_andADeletion_reachAWarmInstanceWithin4Seconds() {
        MovableClock clock = new MovableClock();
        MembershipGate gate = gate(clock);
        SeededTenant tenant = tenants.create(Plan.FREE);
        Caller owner = caller(tenant, Role.OWNER);
        assertEquals(Plan.FREE, gate.standing(owner, tenant.tenantId()).plan());

        context.getBean(DynamoDbClient.class)
                .updateItem(
                        b -> b.tableName(context.getBean(TableSettings.class).name())
                                .key(key(tenant, Keys.TENANT_RECORD))
                                .updateExpression("SET #plan = :pro")
                                .expressionAttributeNames(Map.of("#plan", "plan"))
                                .expressionAttributeValues(Map.of(":pro", AttributeValue.fromS("pro"))));
        tenants.markDeleting(tenant);
        assertEquals(Plan.FREE, gate.standing(owner, tenant.tenantId()).plan());
        assertTrue(gate.standing(owner, tenant.tenantId()).tenantActive());

        clock.advance(Duration.ofSeconds(4));
        MembershipGate.Standing fresh = gate.standing(owner, tenant.tenantId());
        assertEquals(Plan.PRO, fresh.plan());
        assertFalse(fresh.tenantActive());
    }

    @Test
    void anIdentityNeverSeen_hasNoRole_inATenantThatExists_whileItsOwnerHasItsRole() {
        SeededTenant tenant = tenants.create();
        Caller stranger = new Caller(
                TestTokens.issuer(),
                "never-seen",
                Optional.empty(),
                true,
                Optional.of(tenant.tenantId()),
                Optional.of(Role.OWNER));
        MembershipGate.Standing standing = gate(new MovableClock()).standing(stranger, tenant.tenantId());
        assertTrue(standing.tenantActive());
        assertNull(standing.role());
        assertNull(standing.userId());
        assertEquals(
                Role.OWNER,
                gate(new MovableClock())
                        .standing(caller(tenant, Role.OWNER), tenant.tenantId())
                        .role());
    }
}
