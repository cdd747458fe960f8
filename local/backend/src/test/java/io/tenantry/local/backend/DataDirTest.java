package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ProjectRoot;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code --data-dir}: tables and objects outlive a restart; tokens are new, the data is the same. */
class DataDirTest {

    @Test
    void aTenantCreatedBeforeARestart_isReadAfterIt(@TempDir Path dataDir) {
        BackendOptions options = TestBackends.options(ProjectRoot.template()).withDataDir(dataDir);
        String email = "kept-" + UUID.randomUUID() + "@example.test";
        String tenantId;
        TestBackends.Running first = TestBackends.start(options);
        try {
            Http.Answer created = Http.post(
                    first.api() + "/v1/tenants", "{\"name\":\"Kept\"}", Http.bearer(Http.token(first, email, null)));
            assertEquals(201, created.status(), created::toString);
            tenantId = created.json().path("id").asText();
            first.backend().clients().s3().createBucket(r -> r.bucket("kept-objects"));
            first.backend()
                    .clients()
                    .s3()
                    .putObject(r -> r.bucket("kept-objects").key("a.txt"), RequestBody.fromString("kept"));
        } finally {
            first.backend().close();
        }
        TestBackends.Running second = TestBackends.start(options);
        try {
            Http.Answer tenant =
                    Http.get(second.api() + "/v1/tenant", Http.bearer(Http.token(second, email, tenantId)));
            assertEquals(200, tenant.status(), tenant::toString);
            assertEquals("Kept", tenant.json().path("name").asText());
            assertEquals(
                    "kept",
                    second.backend()
                            .clients()
                            .s3()
                            .getObjectAsBytes(r -> r.bucket("kept-objects").key("a.txt"))
                            .asUtf8String());
        } finally {
            second.backend().close();
        }
    }
}
