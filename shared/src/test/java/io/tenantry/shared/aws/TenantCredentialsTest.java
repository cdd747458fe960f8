package io.tenantry.shared.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.shared.problem.ServiceUnavailableException;
import io.tenantry.shared.testing.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * How tenant credentials are vended and kept: once per tenant while fresh, again when less than
 * {@link TenantCredentials#MIN_REMAINING} is left or after a restore, tagged with the tenant, and
 * never for a malformed id. STS is a recording stand-in here; the requests it would refuse are the
 * local STS's and the enforcement's tests (local/emulators).
 */
class TenantCredentialsTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/TenantReadWriteRole";
    static final String READ_ROLE = "arn:aws:iam::000000000000:role/TenantReadOnlyRole";
    static final TenantScope.Access RW = TenantScope.Access.READ_WRITE;
    static final TenantScope.Access RO = TenantScope.Access.READ_ONLY;
    static final String TENANT = "ten_01JD3Q5R7C0000000000000001";
    static final String OTHER = "ten_01JD3Q5R7C0000000000000002";
    static final AwsBasicCredentials OWN = AwsBasicCredentials.create("own", "own-secret");

    /** STS that issues hour-long credentials at the clock's time, and records each request. */
    static final class RecordingSts implements StsClient {
        final List<AssumeRoleRequest> requests = new ArrayList<>();
        final MovableClock clock;
        boolean down;

        RecordingSts(MovableClock clock) {
            this.clock = clock;
        }

        @Override
        public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
            if (down) {
                throw SdkClientException.create("connection refused");
            }
            requests.add(request);
            return AssumeRoleResponse.builder()
                    .credentials(Credentials.builder()
                            .accessKeyId("ASIA" + requests.size())
                            .secretAccessKey("secret")
                            .sessionToken("token")
                            .expiration(clock.instant().plusSeconds(request.durationSeconds()))
                            .build())
                    .build();
        }

        @Override
        public String serviceName() {
            return "sts";
        }

        @Override
        public void close() {}
    }

    final MovableClock clock = new MovableClock();
    final RecordingSts sts = new RecordingSts(clock);

    TenantCredentials credentials(String role, String lambdaFunction) {
        return new TenantCredentials(
                role,
                role.isEmpty() ? "" : READ_ROLE,
                lambdaFunction,
                sts,
                StaticCredentialsProvider.create(OWN),
                clock);
    }

    @Test
    void aTenantsCredentials_areVendedOnce_taggedWithTheTenant_andKeptWhileFresh() {
        TenantCredentials tenants = credentials(ROLE, "");
        AwsCredentials first = tenants.credentials(TENANT, RW);
        clock.advance(Duration.ofMinutes(29));
        AwsCredentials later = tenants.credentials(TENANT, RW);

        assertSame(first, later);
        assertEquals(1, sts.requests.size());
        AssumeRoleRequest request = sts.requests.get(0);
        assertEquals(ROLE, request.roleArn());
        assertEquals(3600, request.durationSeconds());
        assertEquals(TENANT, request.roleSessionName());
        assertEquals(1, request.tags().size());
        assertEquals(TenantCredentials.TENANT_ID_TAG, request.tags().get(0).key());
        assertEquals(TENANT, request.tags().get(0).value());
        assertTrue(first instanceof AwsSessionCredentials);
    }

    @Test
    void aReadOnlyScope_assumesTheReadOnlyRole_andKeepsItsOwnCredentials_apartFromReadWrites() {
        TenantCredentials tenants = credentials(ROLE, "");
        AwsCredentials reads = tenants.credentials(TENANT, RO);
        AwsCredentials writes = tenants.credentials(TENANT, RW);

        assertNotEquals(reads.accessKeyId(), writes.accessKeyId());
        assertEquals(READ_ROLE, sts.requests.get(0).roleArn());
        assertEquals(ROLE, sts.requests.get(1).roleArn());
        assertSame(reads, tenants.credentials(TENANT, RO));
    }

    @Test
    void anotherTenant_getsCredentialsOfItsOwn() {
        TenantCredentials tenants = credentials(ROLE, "");
        AwsCredentials one = tenants.credentials(TENANT, RW);
        AwsCredentials other = tenants.credentials(OTHER, RW);

        assertNotEquals(one.accessKeyId(), other.accessKeyId());
        assertEquals(OTHER, sts.requests.get(1).tags().get(0).value());
    }

    @Test
    void credentialsWithLessThan30MinutesLeft_areReplaced_soEveryPresignedUrlOutlivesNothing() {
        TenantCredentials tenants = credentials(ROLE, "");
        AwsCredentials first = tenants.credentials(TENANT, RW);
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        AwsCredentials replaced = tenants.credentials(TENANT, RW);

        assertNotEquals(first.accessKeyId(), replaced.accessKeyId());
        assertEquals(2, sts.requests.size());
        AwsSessionCredentials session = (AwsSessionCredentials) replaced;
        assertTrue(
                session.expirationTime().orElseThrow().isAfter(clock.instant().plus(TenantCredentials.MIN_REMAINING)));
    }

    @Test
    void afterARestore_nothingKeptIsUsed() {
        TenantCredentials tenants = credentials(ROLE, "");
        AwsCredentials before = tenants.credentials(TENANT, RW);
        tenants.forget();
        AwsCredentials after = tenants.credentials(TENANT, RW);

        assertNotEquals(before.accessKeyId(), after.accessKeyId());
        assertEquals(2, sts.requests.size());
    }

    @Test
    void aMalformedTenantId_isRefused_beforeAnyCallToSts_whileAWellFormedOneIsVended() {
        TenantCredentials tenants = credentials(ROLE, "");
        for (String bad : List.of("ten_X#USAGE#0", "ten_*", "", "TENANT#ten_01JD3Q5R7C0000000000000001")) {
            assertThrows(IllegalArgumentException.class, () -> tenants.credentials(bad, RW), bad);
        }
        assertEquals(0, sts.requests.size());
        tenants.credentials(TENANT, RW);
        assertEquals(1, sts.requests.size());
    }

    @Test
    void stsDown_answers503WithRetryAfter_andTheNextCallTriesAgain() {
        TenantCredentials tenants = credentials(ROLE, "");
        sts.down = true;
        ServiceUnavailableException refused =
                assertThrows(ServiceUnavailableException.class, () -> tenants.credentials(TENANT, RW));
        assertEquals(503, refused.status());
        assertEquals("1", refused.headers().get("Retry-After"));
        sts.down = false;
        tenants.credentials(TENANT, RW);
        assertEquals(1, sts.requests.size());
    }

    @Test
    void withoutARole_theFunctionsOwnCredentialsServe_butInsideLambdaThatIsRefused() {
        TenantCredentials unscoped = credentials("", "");
        assertEquals(OWN.accessKeyId(), unscoped.credentials(TENANT, RW).accessKeyId());
        assertEquals(0, sts.requests.size());

        assertThrows(IllegalStateException.class, () -> credentials("", "GetProjectFunction"));
        assertTrue(credentials(ROLE, "GetProjectFunction").scoped());
    }
}
