package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tenantry.local.testkit.ProjectRoot;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code --data-dir}: tables, objects and the cursor key outlive a restart; tokens are new, the data is the same. */
class DataDirTest {

    @Test
    void aTenantCreatedBeforeARestart_isReadAfterIt(@TempDir Path dataDir) {
        BackendOptions options =
                TestBackends.options(ProjectRoot.template()).dataDir(dataDir).build();
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

    @Test
    void aCursorIssuedBeforeARestart_pagesOnAfterIt_sinceTheCursorKeyIsKept(@TempDir Path dataDir) {
        BackendOptions options =
                TestBackends.options(ProjectRoot.template()).dataDir(dataDir).build();
        String email = "paging-" + UUID.randomUUID() + "@example.test";
        String tenantId;
        String cursor;
        String firstPage;
        TestBackends.Running first = TestBackends.start(options);
        try {
            Http.Answer created = Http.post(
                    first.api() + "/v1/tenants", "{\"name\":\"Paging\"}", Http.bearer(Http.token(first, email, null)));
            assertEquals(201, created.status(), created::toString);
            tenantId = created.json().path("id").asText();
            Map<String, String> token = Http.bearer(Http.token(first, email, tenantId));
            for (String name : new String[] {"one", "two"}) {
                Http.Answer project = Http.post(first.api() + "/v1/projects", "{\"name\":\"" + name + "\"}", token);
                assertEquals(201, project.status(), project::toString);
            }
            Http.Answer page = Http.get(first.api() + "/v1/projects?limit=1", token);
            assertEquals(200, page.status(), page::toString);
            cursor = page.json().path("nextCursor").asText();
            firstPage = page.json().path("items").path(0).path("id").asText();
        } finally {
            first.backend().close();
        }
        TestBackends.Running second = TestBackends.start(options);
        try {
            Http.Answer next = Http.get(
                    second.api() + "/v1/projects?limit=1&cursor=" + cursor,
                    Http.bearer(Http.token(second, email, tenantId)));
            assertEquals(200, next.status(), next::toString);
            assertEquals(1, next.json().path("items").size());
            assertNotEquals(
                    firstPage, next.json().path("items").path(0).path("id").asText());
        } finally {
            second.backend().close();
        }
    }
}
