package io.tenantry.local.backend;

import io.tenantry.local.testkit.ProjectRoot;
import io.tenantry.local.testkit.TestTokens;
import io.tenantry.shared.data.Keys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The backends the tests share, each started once per test JVM on free ports and stopped at exit: the repository's
 * template.yaml, and the small wiring template of src/test/resources (queues, buckets, schedules, test handlers).
 * Both also trust {@link TestTokens}' key, so tests can present tokens with any claims, validly signed, and retry
 * failed asynchronous invocations at once (no retry delay).
 */
final class TestBackends {
    private static Running repository;
    private static Running wiring;

    /** A started backend and what it printed. */
    record Running(LocalBackend backend, CapturedConsole console) {
        String api() {
            return backend.apiUrl();
        }

        String lambda() {
            return backend.lambdaUrl();
        }

        String issuer() {
            return io.tenantry.local.backend.http.LocalIdentityProvider.ISSUER;
        }

        /** An item of the table, read strongly consistent past any injected fault; empty when there is none. */
        Map<String, AttributeValue> item(String partition, String sortKey) {
            return backend.clients()
                    .dynamoDb()
                    .getItem(r -> r.tableName(backend.resources().tableName("TenantryTable"))
                            .key(Map.of(
                                    Keys.PK, AttributeValue.fromS(partition), Keys.SK, AttributeValue.fromS(sortKey)))
                            .consistentRead(true))
                    .item();
        }

        /** One of the tenant's quota counts ({@code Keys.MEDIA_COUNT}, ...), as its record holds it. */
        long tenantCount(String tenantId, String counter) {
            AttributeValue count =
                    item("TENANT#" + tenantId, Keys.TENANT_RECORD).get(counter);
            return count == null ? 0 : Long.parseLong(count.n());
        }
    }

    private TestBackends() {}

    static synchronized Running repository() {
        if (repository == null) {
            repository = start(options(ProjectRoot.template()).build());
        }
        return repository;
    }

    static synchronized Running wiring() {
        if (wiring == null) {
            wiring = start(options(wiringTemplate()).build());
        }
        return wiring;
    }

    static Path wiringTemplate() {
        return Path.of("src/test/resources/wiring-template.yaml").toAbsolutePath();
    }

    static BackendOptions.Builder options(Path template) {
        return BackendOptions.builder(template)
                .ports(0, 0)
                .trustedJwks(TestTokens.jwksJson())
                .asyncRetryDelay(Duration.ZERO);
    }

    static Running start(BackendOptions options) {
        CapturedConsole console = new CapturedConsole();
        LocalBackend backend = LocalBackend.start(options, console.console);
        Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "stop-test-backend"));
        return new Running(backend, console);
    }
}
