package io.tenantry.shared.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.aws.TenantScope;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Repository calls as a tenant route's handler makes them: inside a tenant's scope, signed with its
 * scoped credentials, so the enforcing emulators hold them to the template's tenant role. For the
 * per-repository isolation tests: a call that forms another tenant's key is refused as IAM refuses it.
 */
public final class ScopedCalls {
    private final TenantScope scope;

    public ScopedCalls(ApplicationContext context) {
        this.scope = context.getBean(TenantScope.class);
    }

    /** {@code work} as a read-write route of {@code tenantId} runs it. */
    public <T> T writing(String tenantId, Supplier<T> work) {
        return scope.call(tenantId, TenantScope.Access.READ_WRITE, work);
    }

    /** {@code work} as a read-only ({@code GET}) route of {@code tenantId} runs it. */
    public <T> T reading(String tenantId, Supplier<T> work) {
        return scope.call(tenantId, TenantScope.Access.READ_ONLY, work);
    }

    /**
     * Skips the calling test class unless the backend enforces IAM (the embedded emulators; moto_server and
     * LocalStack accept every call, so a refusal cannot be expected of them).
     */
    public static void assumeEnforced(AwsEnvironment aws) {
        assumeTrue(
                aws.enforcesIam(),
                "only the embedded emulators hold sessions to their policies: " + aws.backendDescription());
    }

    /** Runs {@code call} and asserts DynamoDB refused it as IAM does ({@code AccessDeniedException}). */
    public static void assertAccessDenied(Runnable call) {
        DynamoDbException denied = assertThrows(DynamoDbException.class, call::run);
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode(), denied::getMessage);
    }
}
