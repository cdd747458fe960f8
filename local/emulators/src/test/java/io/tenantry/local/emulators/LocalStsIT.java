package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.iam.TenantPolicies;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

/** The local STS answers AssumeRole as STS does, so that the SDK's StsClient reads its answers and its errors. */
class LocalStsIT {
    private static TenantSessions sessions;

    @BeforeAll
    static void registerRole() {
        sessions = new TenantSessions(SharedBackends.embedded(), "sts-test-table", "sts-test-bucket");
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @Test
    void assumeRole_returnsSessionCredentialsForTheRole() {
        AssumeRoleResponse response = sts().assumeRole(r -> r.roleArn(TenantSessions.ROLE_ARN)
                .roleSessionName("tenant-a")
                .tags(Tag.builder()
                        .key(TenantPolicies.TENANT_ID_TAG)
                        .value(TenantSessions.TENANT_A)
                        .build()));

        Credentials credentials = response.credentials();
        assertTrue(credentials.accessKeyId().matches("ASIA[A-Z0-9]{16}"), credentials.accessKeyId());
        assertTrue(credentials.secretAccessKey().length() >= 40);
        assertTrue(credentials.sessionToken().length() > 40);
        Duration left = Duration.between(Instant.now(), credentials.expiration());
        assertTrue(
                left.compareTo(Duration.ofMinutes(59)) > 0 && left.compareTo(Duration.ofMinutes(61)) < 0,
                left::toString);
        assertEquals(
                "arn:aws:sts::000000000000:assumed-role/TenantAccessRole/tenant-a",
                response.assumedRoleUser().arn());
        assertTrue(response.assumedRoleUser().assumedRoleId().matches("AROA[A-Z0-9]{17}:tenant-a"));
        assertTrue(response.packedPolicySize() > 0);
        assertNotEquals(
                credentials.accessKeyId(),
                sessions.assume(TenantSessions.TENANT_A, null).accessKeyId());
    }

    @Test
    void assumeRole_ofAnUnknownRole_isAccessDenied_whileTheRegisteredRoleIsAssumed() {
        StsException e = assertThrows(
                StsException.class,
                () -> sts().assumeRole(r ->
                        r.roleArn("arn:aws:iam::000000000000:role/NoSuchRole").roleSessionName("tenant-a")));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertTrue(e.awsErrorDetails()
                .errorMessage()
                .contains("sts:AssumeRole on resource: arn:aws:iam::000000000000:role/NoSuchRole"));

        assertEquals(
                200,
                sts().assumeRole(r -> r.roleArn(TenantSessions.ROLE_ARN).roleSessionName("tenant-a"))
                        .sdkHttpResponse()
                        .statusCode());
    }

    @Test
    void assumeRole_withDurationOutside900To3600_isAValidationError_whileTheLimitsAreAccepted() {
        for (int seconds : new int[] {899, 3601}) {
            StsException e = assertThrows(
                    StsException.class,
                    () -> sts().assumeRole(r -> r.roleArn(TenantSessions.ROLE_ARN)
                            .roleSessionName("tenant-a")
                            .durationSeconds(seconds)));
            assertEquals("ValidationError", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
        for (int seconds : new int[] {900, 3600}) {
            Instant expiration = sts().assumeRole(r -> r.roleArn(TenantSessions.ROLE_ARN)
                            .roleSessionName("tenant-a")
                            .durationSeconds(seconds))
                    .credentials()
                    .expiration();
            long left = Duration.between(Instant.now(), expiration).toSeconds();
            assertTrue(Math.abs(left - seconds) < 5, () -> seconds + " gave " + left);
        }
    }

    @Test
    void assumeRole_withAMalformedSessionPolicy_isRefused_whileAWellFormedOneIsAccepted() {
        StsException e = assertThrows(
                StsException.class,
                () -> sts().assumeRole(r -> r.roleArn(TenantSessions.ROLE_ARN)
                        .roleSessionName("tenant-a")
                        .policy("{\"Statement\": [")));
        assertEquals("MalformedPolicyDocument", e.awsErrorDetails().errorCode());

        assertEquals(
                200,
                sts().assumeRole(r -> r.roleArn(TenantSessions.ROLE_ARN)
                                .roleSessionName("tenant-a")
                                .policy(TenantPolicies.policyJson(
                                        sessions.tableArn(), sessions.bucketArn(), TenantPolicies.Access.READ_ONLY)))
                        .sdkHttpResponse()
                        .statusCode());
    }

    @Test
    void getCallerIdentity_withSessionCredentials_isTheAssumedRole() {
        Credentials credentials = sessions.assume(TenantSessions.TENANT_A, null);
        try (StsClient asSession = StsClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .region(SharedBackends.embedded().region())
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()))
                .endpointOverride(SharedBackends.embedded().endpoints().sts())
                .build()) {
            String arn = asSession.getCallerIdentity().arn();
            assertTrue(arn.startsWith("arn:aws:sts::000000000000:assumed-role/TenantAccessRole/"), arn);
        }
        assertEquals("arn:aws:iam::000000000000:root", sts().getCallerIdentity().arn());
    }

    private static StsClient sts() {
        return sessions.sts();
    }
}
