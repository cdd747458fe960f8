package io.tenantry.shared.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.testing.ScopedCalls;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The IAM half of isolation, enforced: inside a tenant's scope every call is signed with that tenant's
 * credentials, and the local STS and the enforcing fronts (with the template's own tenant roles) refuse a
 * key or object of another tenant, as IAM would, even when the code forms it. Each refusal is paired
 * with the same call on the scope's own tenant, which succeeds; outside any scope the function's own
 * role is unaffected.
 */
@EmulatedAws
class ScopedCredentialsIsolationIT {
    static ApplicationContext context;
    static TestTenants tenants;
    static TenantScope scope;
    static TenantItems items;
    static String bucket;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        ScopedCalls.assumeEnforced(aws);
        context = ApplicationContext.run(aws.micronautProperties("CreateMediaFunction"));
        tenants = new TestTenants(context);
        scope = context.getBean(TenantScope.class);
        items = context.getBean(TenantItems.class);
        bucket = context.getProperty("media.bucket", String.class).orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    static <T> T as(SeededTenant tenant, TenantScope.Access access, java.util.function.Supplier<T> work) {
        return scope.call(tenant.tenantId(), access, work);
    }

    static void assertAccessDenied(Runnable call) {
        DynamoDbException denied = assertThrows(DynamoDbException.class, call::run);
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode(), denied::getMessage);
    }

    @Test
    void aRepositoryFormingAnotherTenantsKey_isRefusedByIam_theScopesOwnKeySucceeds() {
        SeededTenant mine = tenants.create();
        SeededTenant theirs = tenants.create();
        TenantAccess myAccess = tenants.ownerAccess(mine);
        TenantAccess theirAccess = tenants.ownerAccess(theirs);

        assertTrue(as(mine, TenantScope.Access.READ_ONLY, () -> items.get(myAccess, Keys.TENANT_RECORD))
                .isPresent());
        assertAccessDenied(
                () -> as(mine, TenantScope.Access.READ_ONLY, () -> items.get(theirAccess, Keys.TENANT_RECORD)));

        assertTrue(as(
                mine,
                TenantScope.Access.READ_WRITE,
                () -> items.create(myAccess, "PROBE#1", Map.of("name", AttributeValue.fromS("mine")))));
        assertAccessDenied(() -> as(
                mine,
                TenantScope.Access.READ_WRITE,
                () -> items.create(theirAccess, "PROBE#1", Map.of("name", AttributeValue.fromS("not mine")))));
        assertTrue(items.get(theirAccess, "PROBE#1").isEmpty(), "nothing was written to the other tenant");
    }

    @Test
    void aReadOnlyScope_cannotWriteItsOwnTenant_aReadWriteOneCan() {
        SeededTenant mine = tenants.create();
        TenantAccess myAccess = tenants.ownerAccess(mine);

        assertAccessDenied(() -> as(
                mine,
                TenantScope.Access.READ_ONLY,
                () -> items.create(myAccess, "PROBE#2", Map.of("name", AttributeValue.fromS("read-only")))));
        assertTrue(as(
                mine,
                TenantScope.Access.READ_WRITE,
                () -> items.create(myAccess, "PROBE#2", Map.of("name", AttributeValue.fromS("read-write")))));
    }

    @Test
    void rawClientCalls_areHeldToo_whateverKeyTheyName_andTheFunctionsOwnRoleIsNot() {
        SeededTenant mine = tenants.create();
        SeededTenant theirs = tenants.create();
        DynamoDbClient dynamoDb = context.getBean(DynamoDbClient.class);
        String table = context.getBean(TableSettings.class).name();
        Map<String, AttributeValue> theirRecord = Map.of(
                Keys.PK, AttributeValue.fromS("TENANT#" + theirs.tenantId()),
                Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD));
        Map<String, AttributeValue> myRecord = Map.of(
                Keys.PK, AttributeValue.fromS("TENANT#" + mine.tenantId()),
                Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD));

        assertAccessDenied(() -> as(
                mine,
                TenantScope.Access.READ_ONLY,
                () -> dynamoDb.getItem(b -> b.tableName(table).key(theirRecord))));
        assertTrue(as(
                        mine,
                        TenantScope.Access.READ_ONLY,
                        () -> dynamoDb.getItem(b -> b.tableName(table).key(myRecord)))
                .hasItem());
        assertAccessDenied(() -> as(mine, TenantScope.Access.READ_ONLY, () -> dynamoDb.scan(b -> b.tableName(table))));
        assertTrue(dynamoDb.getItem(b -> b.tableName(table).key(theirRecord)).hasItem(), "outside a scope");
    }

    @Test
    void objectsUnderAnotherTenantsPrefix_areRefused_theScopesOwnAreWritten() {
        SeededTenant mine = tenants.create();
        SeededTenant theirs = tenants.create();
        S3Client s3 = context.getBean(S3Client.class);

        as(
                mine,
                TenantScope.Access.READ_WRITE,
                () -> s3.putObject(
                        b -> b.bucket(bucket).key("tenants/" + mine.tenantId() + "/probe"),
                        RequestBody.fromString("mine")));
        S3Exception denied = assertThrows(
                S3Exception.class,
                () -> as(
                        mine,
                        TenantScope.Access.READ_WRITE,
                        () -> s3.putObject(
                                b -> b.bucket(bucket).key("tenants/" + theirs.tenantId() + "/probe"),
                                RequestBody.fromString("not mine"))));
        assertEquals(403, denied.statusCode(), denied::getMessage);
        assertEquals(
                "mine",
                as(
                        mine,
                        TenantScope.Access.READ_ONLY,
                        () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("tenants/" + mine.tenantId() + "/probe"))
                                .asUtf8String()));
    }

    @Test
    void theCursorKeys_areReadWithTheFunctionsOwnRole_insideAScope_aTenantSessionReachesNoSecret() {
        SeededTenant mine = tenants.create();
        SecretsManagerClient own = context.getBean(SecretsManagerClient.class);
        String secretId =
                context.getProperty("tenantry.cursor.secret.id", String.class).orElseThrow();

        String read = as(
                mine,
                TenantScope.Access.READ_ONLY,
                () -> own.getSecretValue(b -> b.secretId(secretId)).versionId());
        assertTrue(!read.isBlank());
        AwsCredentials session =
                context.getBean(TenantCredentials.class).credentials(mine.tenantId(), TenantScope.Access.READ_ONLY);
        try (SecretsManagerClient asTenant = SecretsManagerClient.builder()
                .httpClient(context.getBean(SdkHttpClient.class))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(session))
                .endpointOverride(URI.create(context.getProperty("tenantry.endpoint.secretsmanager", String.class)
                        .orElseThrow()))
                .build()) {
            SecretsManagerException denied = assertThrows(
                    SecretsManagerException.class, () -> asTenant.getSecretValue(b -> b.secretId(secretId)));
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode(), denied::getMessage);
        }
    }
}
